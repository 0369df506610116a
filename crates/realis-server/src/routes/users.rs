//! `/api/v1/organisation/users`: «Utilisateurs» of the OF.

use actix_web::{HttpRequest, get, post, put, web};
use realis_api_types::{InviteUserRequest, UpdateUserRequest, UserView};
use realis_app::App;

use crate::error::ApiError;
use crate::extract::{Authenticated, Json, meta};
use crate::paths::UserPath;
use crate::routes::responses::OfStaffOnly;

/// The OF's accounts.
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    responses((status = 200, description = "Users", body = [UserView]), OfStaffOnly))]
#[get("/api/v1/organisation/users")]
pub async fn list_users(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
) -> Result<web::Json<Vec<UserView>>, ApiError> {
    Ok(web::Json(app.list_organisation_users(&actor).await?))
}

/// Invites a colleague: the account is created and an invitation e-mail with a single-use
/// set-password link (72 h) is sent.
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    request_body(content = InviteUserRequest, example = json!({
        "email": "thomas.petit@formapro.test",
        "display_name": "Thomas Petit",
        "certifier": false
    })),
    responses(
        (status = 201, description = "Invited", body = UserView),
        OfStaffOnly,
        (status = 422, description = "Invalid or already used e-mail"),
    ))]
#[post("/api/v1/organisation/users")]
pub async fn invite_user(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    body: Json<InviteUserRequest>,
) -> Result<actix_web::HttpResponse, ApiError> {
    let user = app
        .invite_organisation_user(&actor, &body, &meta(&req))
        .await?;
    Ok(actix_web::HttpResponse::Created().json(user))
}

/// Flags a colleague as certifier, disables or re-enables it (a disabled user's tokens stop
/// working at once).
#[utoipa::path(tag = "organisation", security(("bearer" = [])),
    params(UserPath),
    request_body(content = UpdateUserRequest, example = json!({"certifier": true})),
    responses(
        (status = 200, description = "Updated", body = UserView),
        (status = 404, description = "Not a user of this organisation"),
        (status = 422, description = "Cannot disable oneself"),
    ))]
#[put("/api/v1/organisation/users/{user_id}")]
pub async fn update_user(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: UserPath,
    body: Json<UpdateUserRequest>,
) -> Result<web::Json<UserView>, ApiError> {
    Ok(web::Json(
        app.update_organisation_user(&actor, path.user_id.0, &body, &meta(&req))
            .await?,
    ))
}
