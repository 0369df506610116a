//! «Mon compte» and the funder's hand on an organisation (identity correction, deactivation).

use gloo_net::http::Request;
use realis_api_types::{
    ChangePasswordRequest, CorrectOrganisationRequest, Me, OrganisationView, UpdateMeRequest,
};

use super::{Refresh, exchange, read, refresh_session, send, send_empty, url};
use crate::errors::UiError;
use crate::session;

/// `PUT /me`: the name shown and the daily digest.
pub async fn update_me(body: UpdateMeRequest) -> Result<Me, UiError> {
    send(Request::put(&url("/me")), &body).await
}

/// `POST /me/password`. The change revokes every token of the account, this tab's included, and
/// the answer sets the refresh cookie of a new session: the tab exchanges it at once for its next
/// bearer token, so the person stays signed in here and only here.
pub async fn change_password(body: ChangePasswordRequest) -> Result<(), UiError> {
    send_empty(Request::post(&url("/me/password")), &body).await?;
    match refresh_session().await {
        Refresh::Refreshed => Ok(()),
        Refresh::Refused => {
            session::expired();
            Ok(())
        }
        Refresh::Failed(e) => Err(e),
    }
}

/// `PUT /funder/organisations/{id}`: the agent corrects the OF's identity, SIRET included.
pub async fn correct_organisation(
    id: i64,
    body: CorrectOrganisationRequest,
) -> Result<OrganisationView, UiError> {
    send(
        Request::put(&url(&format!("/funder/organisations/{id}"))),
        &body,
    )
    .await
}

/// «Désactiver l'organisme» (`active = false`) or «Réactiver l'organisme».
pub async fn set_organisation_active(id: i64, active: bool) -> Result<OrganisationView, UiError> {
    let action = if active { "reactivate" } else { "deactivate" };
    let resp =
        exchange(Request::post(&url(&format!("/funder/organisations/{id}/{action}"))).build())
            .await?;
    read(resp).await
}
