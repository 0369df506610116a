//! «Déclaration d'accessibilité» (RGAA 4.1; the State's model statement, kept to what we did).
//!
//! Public, linked from the login page and the foot of every portal page. It says what was tested
//! and how; keep it true when the tests change (`crates/realis-e2e/tests/a11y.rs`,
//! `certification.rs`, `phone.rs`).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::layout::set_title;

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    set_title("Déclaration d'accessibilité");
    view! {
        <main class="statement" id="contenu" tabindex="-1">
            <h1>"Déclaration d'accessibilité"</h1>
            <p>"Votre Transitions Pro s'engage à rendre ses services en ligne accessibles, conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration s'applique à Réalis, le service de saisie et de certification des heures de réalisation."</p>

            <h2>"État de conformité"</h2>
            <p data-testid="a11y-status">"Réalis est "<strong>"non conforme"</strong>" au référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1\u{a0}: aucun audit des 106 critères n'a encore été réalisé par un auditeur. Les vérifications décrites ci-dessous sont faites à chaque modification du service\u{a0}; elles ne remplacent pas cet audit."</p>

            <h2>"Ce qui a été vérifié, et comment"</h2>
            <ul>
                <li>"Chaque page, pour chacun des cinq espaces (organisme, bénéficiaire, employeur, Transitions Pro, administration), ainsi que la connexion, le mot de passe oublié, la vérification publique d'un certificat et cette page, est analysée avec axe-core 4.11 dans Chromium\u{a0}: aucune erreur n'est acceptée. Les états qui changent la page sont analysés aussi\u{a0}: grilles d'heures par jour, par demi-journée et en totaux mensuels, onglets du dossier, boîtes de confirmation, validation par le bénéficiaire, contrôle des documents."</li>
                <li>"La saisie des heures et la certification d'un mois, par dépôt du certificat signé comme 100 % en ligne avec le code reçu par e-mail, sont réalisées au clavier seul par un test automatisé\u{a0}: la grille d'heures se parcourt avec les flèches, «\u{a0}Ctrl + S\u{a0}» enregistre, la touche Tab la quitte."</li>
                <li>"Chaque page est affichée sur un écran de 390 pixels de large, pour chaque espace\u{a0}: aucune ne déborde\u{a0}; le menu se replie derrière le bouton «\u{a0}Menu\u{a0}»\u{a0}; les tableaux défilent dans leur propre cadre."</li>
                <li>"Chaque page porte un titre qui lui est propre, un seul titre de niveau 1, des régions (en-tête, menu, contenu) et un lien d'évitement «\u{a0}Aller au contenu\u{a0}»\u{a0}; les messages «\u{a0}Enregistré\u{a0}», les erreurs et le délai du code sont annoncés aux lecteurs d'écran\u{a0}; chaque erreur de saisie est reliée à son champ."</li>
            </ul>

            <h2>"Contenus non accessibles"</h2>
            <ul>
                <li>"Les certificats de réalisation en PDF ne sont pas balisés pour les technologies d'assistance (RGAA, critère 13.3). Les mêmes informations (heures par jour, totaux, statut) sont disponibles dans la page du mois."</li>
                <li>"Aucun test n'a encore été mené par des personnes utilisant un lecteur d'écran (NVDA, JAWS, VoiceOver) ou une commande vocale."</li>
            </ul>

            <h2>"Établissement de cette déclaration"</h2>
            <p>"Cette déclaration a été établie le 1er décembre 2026. Technologies utilisées\u{a0}: HTML5, CSS, WAI-ARIA, WebAssembly. Environnement de test\u{a0}: Chromium 156, axe-core 4.11.0, ChromeDriver."</p>

            <h2>"Retour d'information et contact"</h2>
            <p>"Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez votre Transitions Pro\u{a0}: il vous orientera vers une alternative accessible ou vous transmettra le contenu sous une autre forme."</p>

            <h2>"Voies de recours"</h2>
            <p>"Si vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un service et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez\u{a0}:"</p>
            <ul>
                <li>"écrire un message au Défenseur des droits (formulaire en ligne sur defenseurdesdroits.fr)\u{a0};"</li>
                <li>"contacter le délégué du Défenseur des droits dans votre région\u{a0};"</li>
                <li>"envoyer un courrier par la poste (gratuit, ne pas mettre de timbre)\u{a0}: Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07."</li>
            </ul>
            <p><A href="/">"Retour à Réalis"</A></p>
        </main>
    }
}
