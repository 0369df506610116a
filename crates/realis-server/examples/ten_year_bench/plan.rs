//! The shape of the ten-year data set: how many of everything, who belongs to whom, and the
//! ids every table gets (explicit, so that the set-based statements can compute foreign keys).

use chrono::Datelike;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// The 18 regional funders, by share of the national activity (per cent; Île-de-France first).
const FUNDER_WEIGHTS: [u32; 18] = [22, 12, 9, 8, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 1, 1, 1, 1];
/// Extra accounts of the largest OF, so that the evidence (30 requests a minute per user) can be
/// asked for 200 times in a row.
pub const EXTRA_OF_USERS: i64 = 16;
/// Months per dossier.
pub const MONTHS: i64 = 12;
/// Start months of the dossiers: ten years, ending with the current month.
pub const WINDOW: i64 = 120;

/// Every count of the data set, scaled.
#[derive(Debug, Clone)]
pub struct Plan {
    pub funders: i64,
    pub organisations: i64,
    pub dossiers: i64,
    pub audit_rows: i64,
    pub employers_per_funder: i64,
    /// The current month as `year * 12 + month - 1`.
    pub current: i64,
    /// Dossiers per organisation (index 0 is organisation 1, the largest).
    pub org_sizes: Vec<i64>,
    /// Funder of each organisation.
    pub org_funders: Vec<i64>,
}

fn scaled(n: f64, scale: f64, min: i64) -> i64 {
    ((n * scale).round() as i64).max(min)
}

impl Plan {
    pub fn new(scale: f64, today: chrono::NaiveDate) -> Plan {
        let organisations = scaled(1500.0, scale, 20);
        let dossiers = scaled(200_000.0, scale, 500);
        let large = scaled(10.0, scale, 1).min(organisations);
        // A few large OFs of 2,000 down to 1,000 dossiers over ten years (sizes of one OF: not
        // scaled, but at most a quarter of a small data set)…
        let mut org_sizes: Vec<i64> = (0..large)
            .map(|i| {
                let full = 2000 - 1000 * i / (large - 1).max(1);
                full.min(dossiers / 4)
            })
            .collect();
        // …and a long tail sharing the rest, from ~860 down to ~50 (at full scale).
        let rest = (dossiers - org_sizes.iter().sum::<i64>()).max(0);
        // The weight of the j-th as at full scale (1,490 of them), whatever the scale.
        let n_tail = (organisations - large).max(1) as f64;
        let weights: Vec<f64> = (0..organisations - large)
            .map(|j| 1.0 / (j as f64 * 1490.0 / n_tail + 40.0).powf(0.8))
            .collect();
        let total: f64 = weights.iter().sum();
        let mut tail: Vec<i64> = weights
            .iter()
            .map(|w| (w / total * rest as f64).floor() as i64)
            .collect();
        // Fewer than one per organisation of the tail are left by the rounding down.
        let missing = (rest - tail.iter().sum::<i64>()).max(0) as usize;
        for t in tail.iter_mut().take(missing) {
            *t += 1;
        }
        org_sizes.extend(tail);
        // Organisation 1 (the measured one) works for funder 1; the others by the weights.
        let cumulative: Vec<u32> = FUNDER_WEIGHTS
            .iter()
            .scan(0, |acc, w| {
                *acc += w;
                Some(*acc)
            })
            .collect();
        let org_funders = (0..organisations)
            .map(|i| {
                if i == 0 {
                    return 1;
                }
                // The golden ratio spreads the organisations evenly over [0, 100).
                let x = ((i as f64 * 0.618_033_988_75).fract() * 100.0) as u32;
                1 + cumulative.iter().take_while(|c| **c <= x).count() as i64
            })
            .collect();
        Plan {
            funders: FUNDER_WEIGHTS.len() as i64,
            organisations,
            dossiers,
            audit_rows: scaled(20_000_000.0, scale, 10_000),
            employers_per_funder: scaled(1000.0, scale, 10),
            current: i64::from(today.year()) * 12 + i64::from(today.month0()),
            org_sizes,
            org_funders,
        }
    }

    /// Users: the OF accounts are `1..=organisations` (one per OF, same id), then one agent per
    /// funder, then the extra accounts of OF 1, then one beneficiary per dossier.
    pub fn agent_id(&self, funder: i64) -> i64 {
        self.organisations + funder
    }

    pub fn extra_of_user_id(&self, k: i64) -> i64 {
        self.organisations + self.funders + k
    }

    /// Beneficiary of dossier `d` is user `beneficiary_base() + d`.
    pub fn beneficiary_base(&self) -> i64 {
        self.organisations + self.funders + EXTRA_OF_USERS
    }

    /// The organisation of each dossier (`1..=dossiers`), shuffled so that every OF's dossiers
    /// spread over the ten years.
    pub fn dossier_orgs(&self) -> Vec<i64> {
        let mut orgs: Vec<i64> = self
            .org_sizes
            .iter()
            .enumerate()
            .flat_map(|(i, n)| std::iter::repeat_n(i as i64 + 1, *n as usize))
            .collect();
        orgs.resize(self.dossiers as usize, self.organisations);
        orgs.shuffle(&mut StdRng::seed_from_u64(2026));
        orgs
    }

    /// `YYYY-MM` of a month index.
    pub fn period(index: i64) -> String {
        format!("{}-{:02}", index / 12, index % 12 + 1)
    }
}

/// An SQL array literal of integers.
pub fn int_array(v: &[i64]) -> String {
    let items: Vec<String> = v.iter().map(i64::to_string).collect();
    format!("{{{}}}", items.join(","))
}

/// An SQL array literal of texts (the names below hold no quote, comma or brace).
pub fn text_array(v: &[String]) -> String {
    format!("{{{}}}", v.join(","))
}

/// Frequent French first names.
pub const FIRST_NAMES: [&str; 40] = [
    "Marie",
    "Jean",
    "Nathalie",
    "Philippe",
    "Isabelle",
    "Michel",
    "Sylvie",
    "Alain",
    "Catherine",
    "Patrick",
    "Françoise",
    "Nicolas",
    "Sandrine",
    "Christophe",
    "Valérie",
    "Stéphane",
    "Céline",
    "Frédéric",
    "Sophie",
    "Laurent",
    "Hélène",
    "Éric",
    "Véronique",
    "Olivier",
    "Aurélie",
    "David",
    "Émilie",
    "Julien",
    "Camille",
    "Sébastien",
    "Chloé",
    "Thomas",
    "Léa",
    "Maxime",
    "Inès",
    "Jérôme",
    "Noémie",
    "Benoît",
    "Anaïs",
    "Grégoire",
];

/// Frequent French last names.
pub const LAST_NAMES: [&str; 60] = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefèbvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Gérard",
    "Nguyen",
    "Boyer",
    "Denis",
    "Lemaire",
    "Duval",
    "Joly",
    "Gautier",
];
