//! The organisation (OF) and its users, the funder's organisations, accounts and funders.

use gloo_net::http::Request;
use realis_api_types::{
    CreateFunderRequest, CreateOrganisationRequest, Dashboard, FunderView, InviteUserRequest,
    OrganisationPage, OrganisationView, ReviewDocumentRequest, UpdateOrganisationRequest,
    UpdateUserRequest, UserView,
};

use super::{exchange, get, read, send, url};
use crate::errors::UiError;

pub async fn dashboard(page: u64) -> Result<Dashboard, UiError> {
    get(&format!("/dashboard?page={page}&per_page=20")).await
}

pub async fn organisation() -> Result<OrganisationView, UiError> {
    get("/organisation").await
}

pub async fn update_organisation(
    body: UpdateOrganisationRequest,
) -> Result<OrganisationView, UiError> {
    send(Request::put(&url("/organisation")), &body).await
}

/// Sends a file as the raw body of a PUT (logo, stamp, documents).
pub async fn upload(path: &str, file: web_sys::File) -> Result<OrganisationView, UiError> {
    let req = Request::put(&url(path)).header("Content-Type", &file.type_());
    let resp = exchange(req.body(file)).await?;
    read(resp).await
}

pub async fn delete_organisation_file(path: &str) -> Result<OrganisationView, UiError> {
    let resp = exchange(Request::delete(&url(path)).build()).await?;
    read(resp).await
}

pub async fn users() -> Result<Vec<UserView>, UiError> {
    get("/organisation/users").await
}

pub async fn invite_user(body: InviteUserRequest) -> Result<UserView, UiError> {
    send(Request::post(&url("/organisation/users")), &body).await
}

pub async fn update_user(id: i64, body: UpdateUserRequest) -> Result<UserView, UiError> {
    send(
        Request::put(&url(&format!("/organisation/users/{id}"))),
        &body,
    )
    .await
}

pub async fn organisations(q: String, page: u64) -> Result<OrganisationPage, UiError> {
    let q: String = js_sys::encode_uri_component(&q).into();
    get(&format!(
        "/funder/organisations?q={q}&page={page}&per_page=20"
    ))
    .await
}

pub async fn create_organisation(
    body: CreateOrganisationRequest,
) -> Result<OrganisationView, UiError> {
    send(Request::post(&url("/funder/organisations")), &body).await
}

pub async fn funder_organisation(id: i64) -> Result<OrganisationView, UiError> {
    get(&format!("/funder/organisations/{id}")).await
}

pub async fn review_document(
    id: i64,
    kind: &str,
    body: ReviewDocumentRequest,
) -> Result<OrganisationView, UiError> {
    send(
        Request::post(&url(&format!(
            "/funder/organisations/{id}/documents/{kind}/review"
        ))),
        &body,
    )
    .await
}

pub async fn review_certifier(
    id: i64,
    user_id: i64,
    body: ReviewDocumentRequest,
) -> Result<OrganisationView, UiError> {
    send(
        Request::post(&url(&format!(
            "/funder/organisations/{id}/certifiers/{user_id}/review"
        ))),
        &body,
    )
    .await
}

/// Where the back office lists and disables accounts: `/funder/users` (an agent) or
/// `/admin/users` (the admin).
pub fn accounts_base(admin: bool) -> &'static str {
    if admin {
        "/admin/users"
    } else {
        "/funder/users"
    }
}

pub async fn accounts(
    admin: bool,
    role: String,
    q: String,
    page: u64,
) -> Result<realis_api_types::AccountPage, UiError> {
    let q: String = js_sys::encode_uri_component(&q).into();
    let role: String = js_sys::encode_uri_component(&role).into();
    get(&format!(
        "{}?role={role}&q={q}&page={page}&per_page=20",
        accounts_base(admin)
    ))
    .await
}

pub async fn set_account_disabled(
    admin: bool,
    id: i64,
    disabled: bool,
) -> Result<realis_api_types::AccountView, UiError> {
    send(
        Request::put(&url(&format!("{}/{id}", accounts_base(admin)))),
        &realis_api_types::SetAccountDisabledRequest { disabled },
    )
    .await
}

pub async fn funders() -> Result<Vec<FunderView>, UiError> {
    get("/admin/funders").await
}

pub async fn create_funder(body: CreateFunderRequest) -> Result<FunderView, UiError> {
    send(Request::post(&url("/admin/funders")), &body).await
}
