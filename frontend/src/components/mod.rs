pub mod confirm;
pub mod field;
pub mod file_picker;
pub mod layout;
pub mod leave_guard;
pub mod org_picker;
pub mod pager;
pub mod url_query;
