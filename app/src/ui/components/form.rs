//! Form pieces with one way of labelling, hinting and showing errors, so every field is
//! announced correctly and shows the server's message next to it.
use std::{future::Future, rc::Rc};

use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::ui::{
    client::{self, ApiError},
    i18n::{Message, t},
};

/// The error of the last submission, if any.
pub type FormError = RwSignal<Option<ApiError>>;

/// A request to the API as a Leptos [`Action`] whose outcome goes to `answered`. `send` gets a
/// copy of what was dispatched, so its future owns the request body. Pages dispatch with
/// `dispatch_local`: the browser runs every task on its one thread.
fn request_action<I, O, Fu>(
    send: impl Fn(I) -> Fu + 'static,
    answered: impl Fn(Result<O, ApiError>) + 'static,
) -> Action<I, ()>
where
    I: Clone + 'static,
    O: 'static,
    Fu: Future<Output = Result<O, ApiError>> + 'static,
{
    let answered = Rc::new(answered);
    Action::new_unsync_local(move |input: &I| {
        let answer = send(input.clone());
        let answered = Rc::clone(&answered);
        async move { answered(answer.await) }
    })
}

/// A request to the API that a form or a button sends, as a Leptos [`Action`]: `pending()` is
/// true while it runs (the [`SubmitButton`]'s `busy`, or a button's `disabled`), a failure goes
/// to `error` (the form's alert and its fields show it), and an answer clears `error` and goes to
/// `done`. `send` and dispatching as for `request_action`.
pub fn form_action<I, O, Fu>(
    error: FormError,
    send: impl Fn(I) -> Fu + 'static,
    done: impl Fn(O) + 'static,
) -> Action<I, ()>
where
    I: Clone + 'static,
    O: 'static,
    Fu: Future<Output = Result<O, ApiError>> + 'static,
{
    request_action(send, move |answer| match answer {
        Ok(value) => {
            error.set(None);
            done(value);
        }
        Err(e) => error.set(Some(e)),
    })
}

/// A request whose outcome, an answer or a failure, is shown as one message (`outcome`, a page's
/// note), as a Leptos [`Action`]: `said` words an answer. `pending()` as for [`form_action`].
pub fn outcome_action<I, O, M, Fu>(
    outcome: RwSignal<Option<Result<M, ApiError>>>,
    send: impl Fn(I) -> Fu + 'static,
    said: impl Fn(O) -> M + 'static,
) -> Action<I, ()>
where
    I: Clone + 'static,
    O: 'static,
    M: Send + Sync + 'static,
    Fu: Future<Output = Result<O, ApiError>> + 'static,
{
    request_action(send, move |answer| outcome.set(Some(answer.map(&said))))
}

/// A list the API gives page by page, as a [`form_action`] dispatched with the page's URL and
/// whether it starts the list over: the page's rows (taken out of the answer by `split`, with
/// the cursor of the next page) replace `rows` or are appended to them. While a page is coming
/// `pending()` is true, so "more" cannot be pressed again and append the same page twice.
pub fn page_action<L, T>(
    error: FormError,
    rows: RwSignal<Vec<T>>,
    cursor: RwSignal<Option<String>>,
    split: fn(L) -> (Vec<T>, Option<String>),
) -> Action<(String, bool), ()>
where
    L: DeserializeOwned + 'static,
    T: Send + Sync + 'static,
{
    form_action(
        error,
        |(url, reset): (String, bool)| async move {
            client::get::<L>(&url).await.map(|list| (list, reset))
        },
        move |(list, reset)| {
            let (page, next) = split(list);
            if reset {
                rows.set(page);
            } else {
                rows.update(|r| r.extend(page));
            }
            cursor.set(next);
        },
    )
}

/// The server's message for one field, when the error is about it (one of several, maybe).
pub fn field_error(error: FormError, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.message_for(field))))
}

/// A labelled text input (or textarea) bound to a signal, with an optional hint and its error.
#[component]
pub fn TextField<M: Message>(
    /// `id` of the input; also the API field name its errors carry unless `field` is given.
    id: &'static str,
    /// The API field name, when it differs from `id`.
    #[prop(optional)]
    field: Option<&'static str>,
    /// Label text.
    label: M,
    /// The value.
    value: RwSignal<String>,
    /// The submission error (shown here when it names this field).
    error: FormError,
    /// HTML input type.
    #[prop(default = "text")]
    input_type: &'static str,
    /// `autocomplete` token.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// `inputmode` hint for phone keyboards.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// Help text under the label.
    #[prop(optional)]
    hint: Option<M>,
    /// Whether the field must be filled.
    #[prop(default = true)]
    required: bool,
    /// Several lines (a `<textarea>`) instead of one.
    #[prop(optional)]
    multiline: bool,
    /// The language of the text typed here, when it is not the page's (an English name).
    #[prop(optional)]
    lang: Option<&'static str>,
) -> impl IntoView {
    let message = field_error(error, field.unwrap_or(id));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:has-error=move || message.with(Option::is_some)>
            <label for=id>{t(label)}</label>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id.clone()>{t(h)}</p> })}
            {if multiline {
                view! {
                    <textarea id=id name=id rows="3" lang=lang required=required bind:value=value
                        aria-invalid=move || message.with(Option::is_some).to_string()
                        aria-describedby=described_by></textarea>
                }.into_any()
            } else {
                view! {
                    <input id=id name=id type=input_type autocomplete=autocomplete inputmode=inputmode
                        lang=lang required=required bind:value=value
                        aria-invalid=move || message.with(Option::is_some).to_string()
                        aria-describedby=described_by />
                }.into_any()
            }}
            <Show when=move || message.with(Option::is_some)>
                <p class="field-error" id=error_id.clone() role="alert">{move || message.get()}</p>
            </Show>
        </div>
    }
}

/// The error of a submission that is not about one field, announced to screen readers.
#[component]
pub fn FormAlert(
    /// The submission error.
    error: FormError,
    /// Fields shown on the form: their errors appear next to them instead.
    fields: &'static [&'static str],
) -> impl IntoView {
    let general = move || {
        error.with(|e| {
            e.as_ref()
                .filter(|e| !e.only_about(fields))
                .map(|e| e.message.clone())
        })
    };
    view! {
        <Show when=move || general().is_some()>
            <div class="status error" role="alert"><p>{general}</p></div>
        </Show>
    }
}

/// A submit button that shows progress and cannot be pressed twice.
#[component]
pub fn SubmitButton<M: Message, N: Message>(
    /// Text when idle.
    label: M,
    /// Text while the request runs.
    busy_label: N,
    /// Whether a request is running: a signal, or a [`form_action`]'s `pending()`.
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    view! {
        <button type="submit" class="button" disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
            {move || if busy.get() { t(busy_label)() } else { t(label)() }}
        </button>
    }
}

#[cfg(test)]
mod tests {
    use std::{cell::RefCell, rc::Rc};

    use js_sys::{Function, Promise, Reflect};
    use leptos::prelude::*;
    use wasm_bindgen::JsValue;
    use wasm_bindgen_futures::JsFuture;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::{FormError, form_action};
    use crate::ui::client::ApiError;

    /// Lets every task that is ready run: a timer fires after them.
    async fn settle() {
        let timer = Promise::new(&mut |resolve, _| {
            let set_timeout: Function = Reflect::get(&js_sys::global(), &"setTimeout".into())
                .expect("setTimeout")
                .into();
            set_timeout
                .call1(&JsValue::NULL, &resolve)
                .expect("a timer");
        });
        let _ = JsFuture::from(timer).await;
    }

    #[wasm_bindgen_test]
    async fn a_form_action_is_pending_until_its_answer_then_shows_the_error_or_hands_the_answer_on()
    {
        let _ = any_spawner::Executor::init_wasm_bindgen();
        let owner = Owner::new();
        owner.set();
        let error: FormError = RwSignal::new(None);
        let answered = RwSignal::new(None::<u32>);
        // Each request waits until the test opens its gate, then answers what it was sent.
        let gate: Rc<RefCell<Option<Function>>> = Rc::default();
        let action = form_action(
            error,
            {
                let gate = Rc::clone(&gate);
                move |answer: Result<u32, ApiError>| {
                    let opened = Promise::new(&mut |resolve, _| *gate.borrow_mut() = Some(resolve));
                    async move {
                        let _ = JsFuture::from(opened).await;
                        answer
                    }
                }
            },
            move |n| answered.set(Some(n)),
        );
        let open = || {
            let resolve = gate.borrow_mut().take().expect("a request waits");
            resolve.call0(&JsValue::NULL).expect("the gate opens");
        };
        let refused = ApiError {
            status: 409,
            code: "slot_taken".into(),
            message: "已被预订".into(),
            field: None,
            fields: Vec::new(),
        };

        action.dispatch_local(Err(refused.clone()));
        settle().await;
        assert!(
            action.pending().get_untracked(),
            "busy until the answer comes"
        );
        open();
        settle().await;
        assert!(!action.pending().get_untracked());
        assert_eq!(error.get_untracked(), Some(refused));
        assert_eq!(answered.get_untracked(), None, "a failure is not an answer");

        action.dispatch_local(Ok(7));
        settle().await;
        assert!(action.pending().get_untracked());
        open();
        settle().await;
        assert!(!action.pending().get_untracked());
        assert_eq!(
            error.get_untracked(),
            None,
            "an answer clears the last error"
        );
        assert_eq!(answered.get_untracked(), Some(7));
    }
}
