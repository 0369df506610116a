//! Choosing rows of a long list: a checkbox per row, «Tout sélectionner» acting on every row the
//! filters keep (on all pages, not only the one shown), and the count of what is selected,
//! saying how much of it the filters hide. Native checkboxes: Tab reaches them, Space ticks.

use leptos::prelude::*;
use realis_domain::fr;

/// The keys of the selected rows, in the order they were ticked.
pub struct Selection<K: Send + Sync + 'static> {
    keys: RwSignal<Vec<K>>,
}

impl<K: Send + Sync + 'static> Clone for Selection<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: Send + Sync + 'static> Copy for Selection<K> {}

impl<K: Clone + PartialEq + Send + Sync + 'static> Selection<K> {
    pub fn new() -> Self {
        Selection {
            keys: RwSignal::new(Vec::new()),
        }
    }

    /// Whether `key` is selected; tracked.
    pub fn has(&self, key: &K) -> bool {
        self.keys.with(|s| s.contains(key))
    }

    pub fn set(&self, key: K, on: bool) {
        self.keys.update(|s| {
            s.retain(|k| *k != key);
            if on {
                s.push(key);
            }
        });
    }

    /// Ticks (or unticks) every one of `keys`.
    pub fn set_all(&self, keys: &[K], on: bool) {
        self.keys.update(|s| {
            s.retain(|k| !keys.contains(k));
            if on {
                s.extend(keys.iter().cloned());
            }
        });
    }

    /// How many are selected; tracked.
    pub fn len(&self) -> usize {
        self.keys.with(Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many of `keys` are selected; tracked.
    pub fn count_in(&self, keys: &[K]) -> usize {
        self.keys
            .with(|s| s.iter().filter(|k| keys.contains(k)).count())
    }

    pub fn keys_untracked(&self) -> Vec<K> {
        self.keys.get_untracked()
    }

    pub fn clear(&self) {
        self.keys.set(Vec::new());
    }
}

impl<K: Clone + PartialEq + Send + Sync + 'static> Default for Selection<K> {
    fn default() -> Self {
        Selection::new()
    }
}

/// One row's checkbox, named by `label` for screen readers («Sélectionner 2026-IDF-000101…»).
#[component]
pub fn RowCheckbox<K: Clone + PartialEq + Send + Sync + 'static>(
    selection: Selection<K>,
    key: K,
    label: String,
    testid: String,
) -> impl IntoView {
    let shown = key.clone();
    view! {
        <input type="checkbox" class="row-pick" aria-label=label data-testid=testid
            prop:checked=move || selection.has(&shown)
            on:change=move |ev| selection.set(key.clone(), event_target_checked(&ev))/>
    }
}

/// «Tout sélectionner (n)» over `rows` (the filtered rows, every page), half-ticked when only some
/// are, and the count of the selection: «3 mois sélectionnés, dont 1 masqué par les filtres».
/// `one` and `many` name a row («mois sélectionné», «mois sélectionnés»).
#[component]
pub fn SelectAll<K: Clone + PartialEq + Send + Sync + 'static>(
    selection: Selection<K>,
    #[prop(into)] rows: Signal<Vec<K>>,
    one: &'static str,
    many: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let picked = move || rows.with(|r| selection.count_in(r));
    let all = move || rows.with(|r| !r.is_empty() && picked() == r.len());
    let some = move || picked() > 0 && !all();
    let count = move || {
        let n = selection.len();
        let hidden = n - picked();
        let mut text = fr::count(n as u64, one, many);
        if hidden > 0 {
            text.push_str(&format!(
                ", dont {} par les filtres",
                fr::count(hidden as u64, "masqué", "masqués")
            ));
        }
        text
    };
    view! {
        <div class="selection-bar" data-testid=testid>
            <label class="select-all">
                <input type="checkbox" data-testid=format!("{testid}-all")
                    prop:checked=all prop:indeterminate=some
                    disabled=move || rows.with(Vec::is_empty)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        rows.with_untracked(|r| selection.set_all(r, on));
                    }/>
                {move || format!(" Tout sélectionner ({})", fr::integer(rows.with(Vec::len) as u64))}
            </label>
            <span class="selection-count" aria-live="polite" data-testid=format!("{testid}-count")>{count}</span>
        </div>
    }
}
