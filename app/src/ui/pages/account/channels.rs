//! "消息设置" on 我的: the language of messages, SMS and email per topic, and a verified email
//! address (a code is mailed to it before it is kept).
use leptos::prelude::*;

use crate::{
    api::{
        accounts::{Me, SmsCodeAccepted},
        notifications::{
            EmailCodeRequest, Language, NotificationSettings, SetEmailRequest, Topic,
            TopicChannels, UpdateNotificationSettings,
        },
    },
    ui::{
        client,
        components::form::{FormAlert, FormError, SubmitButton, TextField, form_action},
        i18n::{AccMsg, t, tf},
        session::use_session,
    },
};

fn topic_label(topic: Topic) -> AccMsg {
    match topic {
        Topic::Account => AccMsg::TopicAccount,
        Topic::Booking => AccMsg::TopicBooking,
        Topic::Feedback => AccMsg::TopicFeedback,
    }
}

/// The settings card; loads when opened.
#[component]
pub fn NotificationSettingsCard() -> impl IntoView {
    let settings = RwSignal::new(None::<NotificationSettings>);
    let error: FormError = RwSignal::new(None);
    let load = move || {
        leptos::task::spawn_local(async move {
            match client::get::<NotificationSettings>("/api/v1/me/notification-settings").await {
                Ok(s) => settings.set(Some(s)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let opened = RwSignal::new(false);
    let on_toggle = move |_| {
        if !opened.get_untracked() {
            opened.set(true);
            load();
        }
    };
    view! {
        <details class="card" on:toggle=on_toggle>
            <summary><h2>{t(AccMsg::NotifySettings)}</h2></summary>
            <p>{t(AccMsg::NotifyIntro)}</p>
            <FormAlert error fields=&[] />
            {move || settings.get().map(|s| view! { <ChannelsForm current=s /> })}
            <EmailAddress settings />
        </details>
    }
}

/// Language and the SMS/email choice of each topic.
#[component]
fn ChannelsForm(
    /// The settings as loaded (loaded again when the email address changes).
    current: NotificationSettings,
) -> impl IntoView {
    let language = RwSignal::new(current.language);
    let topics = RwSignal::new(current.topics.clone());
    let has_email = current.email.is_some();
    let error: FormError = RwSignal::new(None);
    let saved = RwSignal::new(false);
    let save = form_action(
        error,
        |req: UpdateNotificationSettings| async move {
            client::send::<_, NotificationSettings>("PUT", "/api/v1/me/notification-settings", &req)
                .await
        },
        move |_| saved.set(true),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = UpdateNotificationSettings {
            language: Some(language.get_untracked()),
            topics: topics.get_untracked(),
        };
        save.dispatch_local(req);
    };
    let set_channel = move |topic: Topic, email: bool, on: bool| {
        saved.set(false);
        topics.update(|all| {
            if let Some(c) = all.iter_mut().find(|c| c.topic == topic) {
                if email {
                    c.email = on;
                } else {
                    c.sms = on;
                }
            }
        });
    };
    let row = move |c: TopicChannels| {
        let topic = c.topic;
        view! {
            <tr>
                <th scope="row">{t(topic_label(topic))}</th>
                <td><input type="checkbox" id=format!("sms-{}", topic.as_str()) aria-label=move || format!("{} · {}", t(topic_label(topic))(), t(AccMsg::ChannelSms)())
                    prop:checked=c.sms on:change=move |ev| set_channel(topic, false, event_target_checked(&ev)) /></td>
                <td><input type="checkbox" id=format!("email-{}", topic.as_str()) aria-label=move || format!("{} · {}", t(topic_label(topic))(), t(AccMsg::ChannelEmail)())
                    prop:checked=c.email disabled=!has_email on:change=move |ev| set_channel(topic, true, event_target_checked(&ev)) /></td>
            </tr>
        }
    };
    view! {
        <form class="form" on:submit=on_submit novalidate>
            <FormAlert error fields=&[] />
            <fieldset class="choices">
                <legend>{t(AccMsg::NotifyLanguage)}</legend>
                <label lang="zh-CN"><input type="radio" name="notify-lang" prop:checked=move || language.get() == Language::Zh
                    on:change=move |_| language.set(Language::Zh) />" 中文"</label>
                <label lang="en"><input type="radio" name="notify-lang" prop:checked=move || language.get() == Language::En
                    on:change=move |_| language.set(Language::En) />" English"</label>
            </fieldset>
            <table class="channels">
                <thead><tr><td></td><th scope="col">{t(AccMsg::ChannelSms)}</th><th scope="col">{t(AccMsg::ChannelEmail)}</th></tr></thead>
                <tbody>{current.topics.into_iter().map(row).collect_view()}</tbody>
            </table>
            <SubmitButton label=AccMsg::Submit busy_label=AccMsg::Saving busy=save.pending() />
            <Show when=move || saved.get()><p class="status ok" role="status">{t(AccMsg::Saved)}</p></Show>
        </form>
    }
}

/// The verified address, or a form that mails a code to a new one and confirms it.
#[component]
fn EmailAddress(settings: RwSignal<Option<NotificationSettings>>) -> impl IntoView {
    let session = use_session();
    let current = move || {
        session
            .me
            .with(|m| m.as_ref().and_then(|m| m.email.clone()))
    };
    let email = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sent_to = RwSignal::new(None::<String>);
    let error: FormError = RwSignal::new(None);
    let reload = move || {
        leptos::task::spawn_local(async move {
            if let Ok(s) =
                client::get::<NotificationSettings>("/api/v1/me/notification-settings").await
            {
                settings.set(Some(s));
            }
        });
    };
    let request_code = form_action(
        error,
        |req: EmailCodeRequest| async move {
            client::post::<_, SmsCodeAccepted>("/api/v1/me/email-codes", &req)
                .await
                .map(|_| req.email.trim().to_owned())
        },
        move |address| sent_to.set(Some(address)),
    );
    let set_email = form_action(
        error,
        |req: SetEmailRequest| async move {
            client::send::<_, Me>("PUT", "/api/v1/me/email", &req).await
        },
        move |me| {
            session.me.set(Some(me));
            email.set(String::new());
            code.set(String::new());
            sent_to.set(None);
            reload();
        },
    );
    let remove_email = form_action(
        error,
        |()| client::delete::<Me>("/api/v1/me/email"),
        move |me| {
            session.me.set(Some(me));
            reload();
        },
    );
    let send_code = move |_| {
        request_code.dispatch_local(EmailCodeRequest {
            email: email.get_untracked(),
        });
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set_email.dispatch_local(SetEmailRequest {
            email: email.get_untracked(),
            code: code.get_untracked(),
        });
    };
    let remove = move |_| {
        remove_email.dispatch_local(());
    };
    view! {
        <h3>{t(AccMsg::Email)}</h3>
        {move || match current() {
            Some(address) => view! {
                <p class="email-current">
                    <span>{address}</span>" "
                    <button type="button" class="button secondary" on:click=remove disabled=move || remove_email.pending().get()>{t(AccMsg::RemoveEmail)}</button>
                </p>
            }.into_any(),
            None => view! {
                <form class="form" on:submit=confirm novalidate>
                    <p>{t(AccMsg::EmailNone)}</p>
                    <FormAlert error fields=&["email", "code"] />
                    <div class="sms-code">
                        <TextField id="email" field="email" label=AccMsg::Email value=email error input_type="email" autocomplete="email" />
                        <button type="button" class="button secondary" on:click=send_code disabled=move || request_code.pending().get()>{t(AccMsg::SendCode)}</button>
                        <p class="sms-code-sent" role="status">
                            {move || sent_to.get().map(|e| tf(AccMsg::EmailCodeSent, move || vec![("email", e.clone())])())}
                        </p>
                    </div>
                    <TextField id="email_code" field="code" label=AccMsg::EmailCode value=code error inputmode="numeric" autocomplete="one-time-code" />
                    <SubmitButton label=AccMsg::AddEmail busy_label=AccMsg::Saving busy=set_email.pending() />
                </form>
            }.into_any(),
        }}
    }
}
