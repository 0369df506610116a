//! The JSON of an event, the same in the journal and in a webhook's body: `id`, `type`,
//! `timestamp`, `subject` and `data` (the event's details).

use realis_api_types::{EventSubjectView, EventView};
use realis_store::events::JournalEntry;

/// The API's view of a journal entry.
pub fn event_view(e: &JournalEntry) -> EventView {
    let mut data = serde_json::to_value(&e.event).unwrap_or_default();
    if let Some(map) = data.as_object_mut() {
        map.remove("event");
    }
    EventView {
        id: e.id,
        event_type: e.event.event_type(),
        timestamp: e.at,
        subject: EventSubjectView {
            funder_id: e.subject.funder_id,
            organisation_id: e.subject.organisation_id,
            dossier_id: e.subject.dossier_id,
            period: e.subject.period.map(|p| p.to_string()),
        },
        data,
    }
}
