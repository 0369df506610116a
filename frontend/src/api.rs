//! Every HTTP call of the SPA. Errors come back as [`UiError`] with French messages.

use gloo_net::http::{Request, RequestBuilder, Response};
use realis_api_types::{
    CreateFunderRequest, CreateOrganisationRequest, Dashboard, ErrorCode, ForgotPasswordRequest,
    FunderView, InviteUserRequest, LoginRequest, LoginResponse, OrganisationPage, OrganisationView,
    Problem, ResetPasswordRequest, ReviewDocumentRequest, UpdateOrganisationRequest,
    UpdateUserRequest, UserView,
};
use realis_domain::MonthCommand;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::errors::UiError;
use crate::session;

const BASE: &str = "/api/v1";

async fn fail(resp: Response) -> UiError {
    let status = resp.status();
    match resp.json::<Problem>().await {
        Ok(p) => UiError::from_problem(p),
        Err(_) => UiError::from_status(status),
    }
}

/// Sends `req` with the bearer token. A 401 saying the token is missing or invalid (expired,
/// revoked) gets one refresh of the session from the refresh cookie, then the request is
/// replayed once with the new token; when the refresh is refused the session has expired
/// ([`session::expired`]: the portal sends the user to the login page and back).
async fn exchange(req: Result<Request, gloo_net::Error>) -> Result<Response, UiError> {
    let req: web_sys::Request = req.map_err(|_| UiError::network())?.into();
    // A copy made before sending, for the replay (a body can be read once).
    let replay = req.clone().map_err(|_| UiError::network())?;
    authorize(&req);
    let resp = Request::from(req)
        .send()
        .await
        .map_err(|_| UiError::network())?;
    if resp.status() != 401 {
        return Ok(resp);
    }
    let problem = resp.json::<Problem>().await.ok();
    let token_error = problem
        .as_ref()
        .is_some_and(|p| matches!(p.code, ErrorCode::MissingToken | ErrorCode::InvalidToken));
    let error = problem.map_or_else(|| UiError::from_status(401), UiError::from_problem);
    if !token_error || session::token().is_none() && !session::had_session() {
        return Err(error);
    }
    match refresh_session().await {
        Refresh::Refreshed => {}
        Refresh::Refused => {
            session::expired();
            return Err(error);
        }
        Refresh::Failed(e) => return Err(e),
    }
    authorize(&replay);
    let resp = Request::from(replay)
        .send()
        .await
        .map_err(|_| UiError::network())?;
    if resp.status() == 401 {
        session::expired();
    }
    Ok(resp)
}

fn authorize(req: &web_sys::Request) {
    if let Some(token) = session::token() {
        let _ = req
            .headers()
            .set("Authorization", &format!("Bearer {token}"));
    }
}

/// How a refresh of the session ended.
#[derive(Clone, Debug)]
pub enum Refresh {
    Refreshed,
    /// The refresh cookie is missing, spent, revoked or expired: the session is over.
    Refused,
    /// Not answered (network, rate limit): the session may still be alive.
    Failed(UiError),
}

thread_local! {
    static REFRESHING: std::cell::RefCell<Option<js_sys::Promise>> = const { std::cell::RefCell::new(None) };
    static REFRESHED: std::cell::RefCell<Option<Refresh>> = const { std::cell::RefCell::new(None) };
}

/// Exchanges the refresh cookie for a new bearer token (`POST /auth/refresh`); callers that
/// arrive while one is under way wait for it instead of sending their own.
pub async fn refresh_session() -> Refresh {
    let promise = REFRESHING.with(|r| {
        r.borrow_mut()
            .get_or_insert_with(|| {
                wasm_bindgen_futures::future_to_promise(async {
                    let outcome = match post_refresh().await {
                        Ok(resp) => {
                            session::signed_in(resp);
                            Refresh::Refreshed
                        }
                        Err(e)
                            if e.code.is_some_and(|c| {
                                matches!(c, ErrorCode::MissingToken | ErrorCode::InvalidToken)
                            }) =>
                        {
                            Refresh::Refused
                        }
                        Err(e) => Refresh::Failed(e),
                    };
                    REFRESHED.with(|o| *o.borrow_mut() = Some(outcome));
                    REFRESHING.with(|r| r.borrow_mut().take());
                    Ok(wasm_bindgen::JsValue::UNDEFINED)
                })
            })
            .clone()
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    REFRESHED
        .with(|o| o.borrow().clone())
        .unwrap_or_else(|| Refresh::Failed(UiError::network()))
}

async fn post_refresh() -> Result<LoginResponse, UiError> {
    let resp = Request::post(&url("/auth/refresh"))
        .send()
        .await
        .map_err(|_| UiError::network())?;
    read(resp).await
}

/// «Déconnexion»: the server revokes the refresh token and clears its cookie.
pub async fn logout() {
    let _ = Request::post(&url("/auth/logout")).send().await;
}

async fn read<T: DeserializeOwned>(resp: Response) -> Result<T, UiError> {
    if resp.ok() {
        resp.json::<T>()
            .await
            .map_err(|_| UiError::from_status(resp.status()))
    } else {
        Err(fail(resp).await)
    }
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, UiError> {
    let resp = exchange(Request::get(&format!("{BASE}{path}")).build()).await?;
    read(resp).await
}

async fn send<B: Serialize, T: DeserializeOwned>(
    req: RequestBuilder,
    body: &B,
) -> Result<T, UiError> {
    let resp = exchange(req.json(body)).await?;
    read(resp).await
}

async fn send_empty<B: Serialize>(req: RequestBuilder, body: &B) -> Result<(), UiError> {
    let resp = exchange(req.json(body)).await?;
    if resp.ok() {
        Ok(())
    } else {
        Err(fail(resp).await)
    }
}

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

pub async fn login(body: LoginRequest) -> Result<LoginResponse, UiError> {
    send(Request::post(&url("/auth/login")), &body).await
}

pub async fn forgot_password(login: String) -> Result<(), UiError> {
    send_empty(
        Request::post(&url("/auth/password/forgot")),
        &ForgotPasswordRequest { login },
    )
    .await
}

pub async fn reset_password(token: String, new_password: String) -> Result<(), UiError> {
    send_empty(
        Request::post(&url("/auth/password/reset")),
        &ResetPasswordRequest {
            token,
            new_password,
        },
    )
    .await
}

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

/// Fetches a protected file and returns a `blob:` URL for `<img>` or a link.
pub async fn blob_url(path: &str) -> Result<String, UiError> {
    let resp = exchange(Request::get(&url(path)).build()).await?;
    if !resp.ok() {
        return Err(fail(resp).await);
    }
    let ct = resp
        .headers()
        .get("content-type")
        .unwrap_or_else(|| "application/octet-stream".into());
    let bytes = resp.binary().await.map_err(|_| UiError::network())?;
    let array = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&ct);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&array, &options)
        .map_err(|_| UiError::network())?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| UiError::network())
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

/// Opens a protected file (PDF, image) in a new tab; says in French when it could not.
pub async fn open_file(path: &str) -> Result<(), UiError> {
    let url = blob_url(path).await.map_err(UiError::download_failed)?;
    let opened =
        web_sys::window().and_then(|w| w.open_with_url_and_target(&url, "_blank").ok().flatten());
    match opened {
        Some(_) => Ok(()),
        None => Err(UiError::popup_blocked()),
    }
}

pub async fn dossiers(q: String, page: u64) -> Result<realis_api_types::DossierPage, UiError> {
    let q: String = js_sys::encode_uri_component(&q).into();
    get(&format!("/dossiers?q={q}&page={page}&per_page=20")).await
}

pub async fn dossier(id: i64) -> Result<realis_api_types::DossierView, UiError> {
    get(&format!("/dossiers/{id}")).await
}

pub async fn month(id: i64, period: String) -> Result<realis_api_types::MonthView, UiError> {
    get(&format!("/dossiers/{id}/months/{period}")).await
}

pub async fn planned(
    id: i64,
    period: String,
) -> Result<Vec<realis_api_types::PlannedDayDto>, UiError> {
    get(&format!("/dossiers/{id}/months/{period}/planned")).await
}

pub async fn save_hours(
    id: i64,
    period: String,
    body: realis_api_types::SaveHoursRequest,
) -> Result<realis_api_types::MonthView, UiError> {
    send(
        Request::put(&url(&format!("/dossiers/{id}/months/{period}/hours"))),
        &body,
    )
    .await
}

/// Sends a CSV file to import into the month.
pub async fn import_csv(
    id: i64,
    period: String,
    version: i32,
    file: web_sys::File,
) -> Result<realis_api_types::MonthView, UiError> {
    let req = Request::put(&url(&format!(
        "/dossiers/{id}/months/{period}/template.csv?version={version}"
    )))
    .header("Content-Type", "text/csv");
    let resp = exchange(req.body(file)).await?;
    read(resp).await
}

/// Downloads a protected file under a meaningful name; says in French when it failed.
pub async fn download(path: &str, name: &str) -> Result<(), UiError> {
    let href = blob_url(path).await.map_err(UiError::download_failed)?;
    save_as(&href, name).ok_or_else(|| UiError::download_failed(UiError::network()))
}

/// Saves a `blob:` URL under `name` through a temporary `<a download>`.
pub fn save_as(href: &str, name: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    let a = doc.create_element("a").ok()?;
    a.set_attribute("href", href).ok()?;
    a.set_attribute("download", name).ok()?;
    let body = doc.body()?;
    body.append_child(&a).ok()?;
    if let Some(el) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&a) {
        el.click();
    }
    body.remove_child(&a).ok()?;
    Some(())
}

pub async fn create_dossier(
    body: realis_api_types::CreateDossierRequest,
) -> Result<realis_api_types::DossierView, UiError> {
    send(Request::post(&url("/funder/dossiers")), &body).await
}

/// Reads a local file as UTF-8 text.
pub async fn file_text(file: web_sys::File) -> Option<String> {
    let promise = file.text();
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .as_string()
}

/// «Je certifie la saisie des heures» + «Ok» on the hours of `version` (those on screen).
pub async fn prepare(
    id: i64,
    period: String,
    version: i32,
) -> Result<realis_api_types::MonthView, UiError> {
    let body = realis_api_types::PrepareRequest {
        hours_certified: true,
        version: Some(version),
    };
    send(
        Request::post(&url(&format!("/dossiers/{id}/months/{period}/prepare"))),
        &body,
    )
    .await
}

/// Sends a file as the raw body of a month upload (signed scan: PUT; attendance sheet: POST).
pub async fn month_upload(
    path: &str,
    post: bool,
    file: web_sys::File,
) -> Result<realis_api_types::MonthView, UiError> {
    let req = if post {
        Request::post(&url(path))
    } else {
        Request::put(&url(path))
    };
    let resp = exchange(req.header("Content-Type", &file.type_()).body(file)).await?;
    read(resp).await
}

pub async fn month_delete(path: &str) -> Result<realis_api_types::MonthView, UiError> {
    let resp = exchange(Request::delete(&url(path)).build()).await?;
    read(resp).await
}

pub async fn certify_upload(
    id: i64,
    period: String,
) -> Result<realis_api_types::MonthView, UiError> {
    let body = realis_api_types::CertifyRequest {
        mode: realis_domain::certification::CertificationMode::Upload,
    };
    send(
        Request::post(&url(&format!("/dossiers/{id}/months/{period}/certify"))),
        &body,
    )
    .await
}

pub async fn send_code(id: i64, period: String) -> Result<realis_api_types::CodeSent, UiError> {
    let body = realis_api_types::CodeRequest { ip_consent: true };
    send(
        Request::post(&url(&format!("/dossiers/{id}/months/{period}/code"))),
        &body,
    )
    .await
}

pub async fn verify_code(
    id: i64,
    period: String,
    code: String,
) -> Result<realis_api_types::MonthView, UiError> {
    let body = realis_api_types::VerifyCodeRequest { code };
    send(
        Request::post(&url(&format!("/dossiers/{id}/months/{period}/code/verify"))),
        &body,
    )
    .await
}

pub async fn evidence(id: i64, period: String) -> Result<realis_api_types::EvidenceView, UiError> {
    get(&format!("/dossiers/{id}/months/{period}/evidence")).await
}

pub async fn public_verification(
    code: String,
) -> Result<realis_api_types::PublicVerification, UiError> {
    let code: String = js_sys::encode_uri_component(&code).into();
    let resp = Request::get(&url(&format!("/verify/{code}")))
        .send()
        .await
        .map_err(|_| UiError::network())?;
    read(resp).await
}

pub async fn decide(
    id: i64,
    period: String,
    decision: realis_domain::followup::Decision,
    comment: Option<String>,
) -> Result<realis_api_types::MonthView, UiError> {
    let body = realis_api_types::ValidationRequest { decision, comment };
    send(
        Request::post(&url(&format!("/dossiers/{id}/months/{period}/validation"))),
        &body,
    )
    .await
}

/// A funder agent's command on a month: reopen (with a reason), close or unlock online
/// certification. Any other command is not the funder's and is refused here.
pub async fn funder_month_action(
    id: i64,
    period: String,
    command: MonthCommand,
    reason: String,
) -> Result<realis_api_types::MonthView, UiError> {
    let segment = match command {
        MonthCommand::Reopen => "reopen",
        MonthCommand::Close => "close",
        MonthCommand::UnlockOnline => "unlock-online",
        other => {
            return Err(UiError::local(format!(
                "Commande réservée à un autre rôle\u{a0}: {}.",
                other.as_str()
            )));
        }
    };
    let req = Request::post(&url(&format!(
        "/funder/dossiers/{id}/months/{period}/{segment}"
    )));
    if command == MonthCommand::Reopen {
        send(req, &realis_api_types::ReopenRequest { reason }).await
    } else {
        let resp = exchange(req.build()).await?;
        read(resp).await
    }
}

pub async fn payments(id: i64) -> Result<Vec<realis_api_types::PaymentView>, UiError> {
    get(&format!("/dossiers/{id}/payments")).await
}

pub async fn record_payment(
    id: i64,
    body: realis_api_types::PaymentRequest,
) -> Result<realis_api_types::PaymentView, UiError> {
    send(
        Request::post(&url(&format!("/funder/dossiers/{id}/payments"))),
        &body,
    )
    .await
}

pub async fn transmission_queue() -> Result<Vec<realis_api_types::FunderMonthView>, UiError> {
    get("/funder/transmissions/pending").await
}

pub async fn transmit(
    months: Vec<realis_api_types::MonthRef>,
) -> Result<realis_api_types::TransmissionView, UiError> {
    send(
        Request::post(&url("/funder/transmissions")),
        &realis_api_types::TransmitRequest { months },
    )
    .await
}

pub async fn funder_settings() -> Result<realis_api_types::FunderSettingsDto, UiError> {
    get("/funder/settings").await
}

pub async fn save_funder_settings(
    body: realis_api_types::FunderSettingsDto,
) -> Result<realis_api_types::FunderSettingsDto, UiError> {
    send(Request::put(&url("/funder/settings")), &body).await
}

pub async fn payments_page(page: u64) -> Result<realis_api_types::PaymentPage, UiError> {
    get(&format!("/payments?page={page}&per_page=20")).await
}

/// The signed-in user's profile (`GET /me`): the header's «Retour au site».
pub async fn me() -> Result<realis_api_types::Me, UiError> {
    get("/me").await
}
