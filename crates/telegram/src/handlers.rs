//! Update handlers: messages (questions and commands) and source-button taps. A failing
//! handler answers "something went wrong" and the bot carries on.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use futures_util::StreamExt;
use teloxide::RequestError;
use teloxide::payloads::SendMessageSetters;
use teloxide::prelude::*;
use teloxide::requests::{Payload, Request};
use teloxide::types::{
    ChatAction, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Me, MessageId,
    ParseMode,
};
use teloxide::utils::command::BotCommands;

use dealdesk_core::ids::CitationId;
use dealdesk_core::kb::FilterSpec;
use dealdesk_core::metrics::ChatEvent;
use dealdesk_core::text::{self, Lang};
use dealdesk_desk::watch::Outcome;
use dealdesk_desk::{
    Ask, Context as AskContext, ConversationKey, Desk, DeskError, Mode, StreamEvent,
};

use crate::commands::Command;
use crate::html::{MAX_MESSAGE, escape, split};
use crate::reply::{self, SOURCE_PREFIX, Says, says};
use crate::state::{Access, Chats, Rate, RateLimiter};

/// How many times one request is retried after a 429.
const MAX_RETRIES: u32 = 3;

/// Everything the handlers share.
pub struct Shared {
    desk: Arc<Desk>,
    corpus: PathBuf,
    access: Access,
    rate: RateLimiter,
    chats: Chats,
    started: Instant,
    /// One `/reindex` at a time.
    reindexing: tokio::sync::Mutex<()>,
    /// The mode of every answer (`None`: the desk's default).
    mode: Option<Mode>,
}

impl Shared {
    pub fn new(
        desk: Arc<Desk>,
        corpus: PathBuf,
        access: Access,
        rate: RateLimiter,
        chats: Chats,
        mode: Option<Mode>,
    ) -> Self {
        Self {
            desk,
            corpus,
            access,
            rate,
            chats,
            started: Instant::now(),
            reindexing: tokio::sync::Mutex::new(()),
            mode,
        }
    }

    fn count(&self, event: ChatEvent) {
        self.desk.metrics().record_chat(event);
    }
}

type Ctx = Arc<Shared>;

/// The longest `retry_after` waited out: a longer one (the Bot API may say hours) drops the
/// message rather than put the chat to sleep, and shutdown never waits on it.
const MAX_RETRY_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Sends a request, waiting out Telegram's 429 `retry_after` a few times, each up to
/// [`MAX_RETRY_WAIT`].
async fn send<R>(req: R) -> Result<<R::Payload as Payload>::Output, RequestError>
where
    R: Request<Err = RequestError>,
{
    let mut tries = 0;
    loop {
        match req.send_ref().await {
            Err(RequestError::RetryAfter(after)) if after.duration() > MAX_RETRY_WAIT => {
                tracing::warn!(
                    retry_after_s = after.seconds(),
                    "Telegram asked to wait longer than {} s; the message is dropped",
                    MAX_RETRY_WAIT.as_secs()
                );
                return Err(RequestError::RetryAfter(after));
            }
            Err(RequestError::RetryAfter(after)) if tries < MAX_RETRIES => {
                tries += 1;
                tracing::warn!(
                    retry_after_s = after.seconds(),
                    "Telegram asked to slow down; retrying"
                );
                tokio::time::sleep(after.duration()).await;
            }
            other => return other,
        }
    }
}

/// Sends HTML, split under the size limit; the buttons go with the last part.
async fn send_html(
    bot: &Bot,
    chat: ChatId,
    html: &str,
    buttons: Vec<(String, String)>,
) -> Result<(), RequestError> {
    send_html_first(bot, chat, html, buttons).await.map(|_| ())
}

/// [`send_html`], returning the first message sent (the one a later edit replaces).
async fn send_html_first(
    bot: &Bot,
    chat: ChatId,
    html: &str,
    buttons: Vec<(String, String)>,
) -> Result<Option<MessageId>, RequestError> {
    let parts = split(html, MAX_MESSAGE);
    let last = parts.len().saturating_sub(1);
    let mut buttons = Some(buttons).filter(|b| !b.is_empty());
    let mut first = None;
    for (i, part) in parts.into_iter().enumerate() {
        let mut req = bot
            .send_message(chat, part)
            .parse_mode(ParseMode::Html)
            .link_preview_options(LinkPreviewOptions {
                is_disabled: true,
                url: None,
                prefer_small_media: false,
                prefer_large_media: false,
                show_above_text: false,
            });
        if let Some(b) = buttons.take_if(|_| i == last) {
            req = req.reply_markup(keyboard(b));
        }
        let sent = send(req).await?;
        first.get_or_insert(sent.id);
    }
    Ok(first)
}

fn keyboard(buttons: Vec<(String, String)>) -> InlineKeyboardMarkup {
    let row: Vec<InlineKeyboardButton> = buttons
        .into_iter()
        .map(|(label, data)| InlineKeyboardButton::callback(label, data))
        .collect();
    InlineKeyboardMarkup::new(vec![row])
}

/// How often a message being written by the model is edited: Telegram allows about one edit a
/// second per chat.
const EDIT_EVERY: std::time::Duration = std::time::Duration::from_secs(1);
/// The provisional text shown while the model writes, at most this many characters (its end).
const PROVISIONAL_CHARS: usize = 3000;

/// What the chat shows of an answer before its final form.
#[derive(Debug)]
enum Shown {
    Nothing,
    /// The model's text as it is written (italic, marked as being written).
    Writing(MessageId),
    /// The extractive answer, shown in full while the model works, and its HTML.
    Answer(MessageId, String),
}

/// Asks the desk. When a model is asked, the extractive answer is shown at once, in full, so
/// nobody waits on the model; the caller edits it into the model's answer if that is verified.
/// With a model that streams free text and no answer shown yet, its text is shown as it is
/// written (italic, marked as being written), edited at most every [`EDIT_EVERY`].
async fn stream_to_chat(
    bot: &Bot,
    ctx: &Shared,
    chat: ChatId,
    question: &str,
) -> Result<(Shown, Result<dealdesk_desk::Reply, DeskError>), RequestError> {
    let ask = Ask::new(question)
        .mode(ctx.mode)
        .context(AskContext::Stored(ConversationKey::chat(chat.0)));
    let events = ctx.desk.ask_stream(ask);
    if let Err(e) = send(bot.send_chat_action(chat, ChatAction::Typing)).await {
        tracing::debug!(chat = chat.0, "typing action failed: {e}");
    }
    let mut events = std::pin::pin!(events);
    let mut shown = Shown::Nothing;
    let mut text = String::new();
    let mut last_edit = Instant::now();
    while let Some(event) = events.next().await {
        match event {
            StreamEvent::Provisional(reply) => {
                let html = reply::answer(&reply.answer);
                let buttons = reply::source_buttons(&reply.answer);
                if let Some(id) = send_html_first(bot, chat, &html, buttons).await? {
                    shown = Shown::Answer(id, html);
                }
            }
            // The answer is on screen already: the model's draft would only hide it.
            StreamEvent::Delta(_) if matches!(shown, Shown::Answer(..)) => {}
            StreamEvent::Delta(delta) => {
                text.push_str(&delta);
                let count = text.chars().count();
                let tail: String = text
                    .chars()
                    .skip(count.saturating_sub(PROVISIONAL_CHARS))
                    .collect();
                let provisional = format!("<i>{}</i> …", escape(&tail));
                match shown {
                    Shown::Nothing => {
                        let m = send(
                            bot.send_message(chat, provisional)
                                .parse_mode(ParseMode::Html),
                        )
                        .await?;
                        shown = Shown::Writing(m.id);
                        last_edit = Instant::now();
                    }
                    Shown::Writing(id) if last_edit.elapsed() >= EDIT_EVERY => {
                        send(
                            bot.edit_message_text(chat, id, provisional)
                                .parse_mode(ParseMode::Html),
                        )
                        .await?;
                        last_edit = Instant::now();
                    }
                    _ => {}
                }
            }
            StreamEvent::Final(result) => return Ok((shown, result)),
        }
    }
    Ok((
        shown,
        Err(DeskError::Task("the answer stream ended early".to_string())),
    ))
}

/// Shows the final answer: edits the provisional message into it (its first part), sends the
/// rest; or sends it all when nothing was shown yet.
async fn finish_html(
    bot: &Bot,
    chat: ChatId,
    shown: Option<MessageId>,
    html: &str,
    buttons: Vec<(String, String)>,
) -> Result<(), RequestError> {
    let Some(id) = shown else {
        return send_html(bot, chat, html, buttons).await;
    };
    let parts = split(html, MAX_MESSAGE);
    let last = parts.len().saturating_sub(1);
    let all_buttons = buttons.clone();
    let mut buttons = Some(buttons).filter(|b| !b.is_empty());
    for (i, part) in parts.into_iter().enumerate() {
        let markup = buttons.take_if(|_| i == last).map(keyboard);
        if i == 0 {
            let mut req = bot
                .edit_message_text(chat, id, part)
                .parse_mode(ParseMode::Html);
            if let Some(m) = markup {
                req = req.reply_markup(m);
            }
            if let Err(e) = send(req).await {
                // The provisional text is the model's, unverified (perhaps rejected): it must
                // not stay in the chat as if it were the answer. Remove it, send the answer anew.
                tracing::warn!(
                    chat = chat.0,
                    "editing the provisional message into the answer failed ({e}); replacing it"
                );
                if let Err(e) = send(bot.delete_message(chat, id)).await {
                    tracing::warn!(
                        chat = chat.0,
                        "removing the provisional message failed: {e}"
                    );
                }
                return send_html(bot, chat, html, all_buttons).await;
            }
        } else {
            let mut req = bot.send_message(chat, part).parse_mode(ParseMode::Html);
            if let Some(m) = markup {
                req = req.reply_markup(m);
            }
            send(req).await?;
        }
    }
    Ok(())
}

/// The language for the bot's own words: the chat's choice, else the text's, else the user's.
fn ui_lang(chosen: Option<Lang>, text: Option<&str>, user_lang: Option<&str>) -> Lang {
    if let Some(l) = chosen {
        return l;
    }
    if let Some(t) = text.filter(|t| t.split_whitespace().count() >= 2) {
        return text::detect(t);
    }
    match user_lang {
        Some(code) if code.starts_with("fr") => Lang::Fr,
        _ => Lang::En,
    }
}

/// A message as the bot reads it.
#[derive(Debug, PartialEq)]
enum Input<'a> {
    Command(String, &'a str),
    Question(&'a str),
    /// Not for this bot (a group message that does not mention it, another bot's command).
    NotForUs,
}

fn parse_input<'a>(text: &'a str, me: &str, private: bool) -> Input<'a> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('/') {
        let (head, args) = rest
            .split_once(char::is_whitespace)
            .map_or((rest, ""), |(h, a)| (h, a.trim()));
        let (name, target) = head
            .split_once('@')
            .map_or((head, None), |(n, t)| (n, Some(t)));
        if target.is_some_and(|t| !t.eq_ignore_ascii_case(me)) {
            return Input::NotForUs;
        }
        return Input::Command(name.to_ascii_lowercase(), args);
    }
    if private {
        return Input::Question(text);
    }
    let mention = format!("@{me}");
    match text.to_lowercase().find(&mention.to_lowercase()) {
        // Lowercasing may shift bytes for some scripts; only strip when the span is intact.
        Some(at)
            if text
                .get(at..at + mention.len())
                .is_some_and(|m| m.eq_ignore_ascii_case(&mention)) =>
        {
            let before = text[..at].trim();
            let after = text[at + mention.len()..]
                .trim_start_matches([',', ':'])
                .trim();
            if before.is_empty() {
                Input::Question(after)
            } else if after.is_empty() {
                Input::Question(before)
            } else {
                Input::Question(text)
            }
        }
        _ => Input::NotForUs,
    }
}

pub async fn on_message(bot: Bot, me: Me, msg: Message, ctx: Ctx) -> Result<()> {
    let chat = msg.chat.id;
    if let Err(e) = handle_message(&bot, &me, &msg, &ctx).await {
        ctx.count(ChatEvent::Failed);
        tracing::error!(chat = chat.0, "handling a message failed: {e:#}");
        let user_lang = msg.from.as_ref().and_then(|u| u.language_code.as_deref());
        let lang = ui_lang(ctx.chats.lang(chat.0), msg.text(), user_lang);
        if let Err(e) = send_html(&bot, chat, &says(Says::Failed, lang), Vec::new()).await {
            tracing::error!(chat = chat.0, "cannot even say so: {e}");
        }
    }
    Ok(())
}

async fn handle_message(bot: &Bot, me: &Me, msg: &Message, ctx: &Ctx) -> Result<()> {
    let Some(text) = msg.text() else {
        return Ok(()); // Photos, stickers…: nothing to answer.
    };
    let chat = msg.chat.id;
    let user = msg.from.as_ref();
    let user_id = user.map(|u| u.id.0);
    let user_lang = user.and_then(|u| u.language_code.as_deref());
    let input = parse_input(text, me.username(), msg.chat.is_private());
    if input == Input::NotForUs {
        return Ok(());
    }
    if !ctx.access.allows(user_id, chat.0) {
        ctx.count(ChatEvent::Refused);
        if ctx.chats.first_refusal(chat.0) {
            let lang = ui_lang(None, Some(text), user_lang);
            tracing::info!(chat = chat.0, user = ?user_id, "refused: not on the allow-list");
            send_html(bot, chat, &says(Says::Refused, lang), Vec::new()).await?;
        }
        return Ok(());
    }
    let chosen = ctx.chats.lang(chat.0);
    match input {
        Input::Question(q) => {
            question(
                bot,
                ctx,
                chat,
                user_id,
                q,
                ui_lang(chosen, Some(q), user_lang),
            )
            .await
        }
        Input::Command(name, args) => {
            let lang = ui_lang(chosen, Some(args), user_lang);
            command(bot, ctx, chat, user_id, &name, args, lang).await
        }
        Input::NotForUs => Ok(()),
    }
}

async fn command(
    bot: &Bot,
    ctx: &Ctx,
    chat: ChatId,
    user: Option<u64>,
    name: &str,
    args: &str,
    lang: Lang,
) -> Result<()> {
    let command = Command::parse(&format!("/{name} {args}"), "");
    // A question asked with /ask counts once, in `question`.
    if !matches!(command, Ok(Command::Ask(_))) && !within_rate(bot, ctx, chat, user, lang).await? {
        return Ok(());
    }
    let html = match command {
        Ok(Command::Start | Command::Help) => {
            let status = ctx.desk.status().await?;
            reply::help(lang, status.passages, status.deals)
        }
        Ok(Command::Ask(q)) if q.trim().is_empty() => says(Says::AskWhat, lang),
        Ok(Command::Ask(q)) => return question(bot, ctx, chat, user, q.trim(), lang).await,
        Ok(Command::Deals(filter)) => deals(ctx, filter.trim(), lang).await?,
        Ok(Command::Source(id)) => source(ctx, id.trim(), lang).await?,
        Ok(Command::Lang(code)) => match Lang::parse(code.trim()) {
            Some(l) => {
                ctx.chats.set_lang(chat.0, l);
                says(Says::LangSet, l)
            }
            None => says(Says::LangWhat, lang),
        },
        Ok(Command::Reindex | Command::Stats) if !ctx.access.is_admin(user) => {
            says(Says::AdminOnly, lang)
        }
        Ok(Command::Reindex) => reindex(ctx).await?,
        Ok(Command::Stats) => stats(ctx).await?,
        Err(_) => says(Says::UnknownCommand, lang),
    };
    send_html(bot, chat, &html, Vec::new()).await?;
    Ok(())
}

/// Whether `user` (else the chat) may be answered now: every question, command and button
/// counts against one rate. Over it, the chat is told once, then ignored until the rate
/// allows again.
async fn within_rate(
    bot: &Bot,
    ctx: &Ctx,
    chat: ChatId,
    user: Option<u64>,
    lang: Lang,
) -> Result<bool> {
    match ctx
        .rate
        .check(user.unwrap_or(chat.0.unsigned_abs()), Instant::now())
    {
        Rate::Ok => Ok(true),
        Rate::TellOnce => {
            ctx.count(ChatEvent::RateLimited);
            send_html(bot, chat, &says(Says::RateLimited, lang), Vec::new()).await?;
            Ok(false)
        }
        Rate::Silent => {
            ctx.count(ChatEvent::RateLimited);
            Ok(false)
        }
    }
}

async fn question(
    bot: &Bot,
    ctx: &Ctx,
    chat: ChatId,
    user: Option<u64>,
    q: &str,
    lang: Lang,
) -> Result<()> {
    if !within_rate(bot, ctx, chat, user, lang).await? {
        return Ok(());
    }
    let (shown, result) = stream_to_chat(bot, ctx, chat, q).await?;
    let (html, buttons) = match result {
        Ok(reply) => (
            reply::answer(&reply.answer),
            reply::source_buttons(&reply.answer),
        ),
        Err(DeskError::Ask(e)) if e.is_invalid_question() => {
            let what = match e {
                dealdesk_core::answer::AskError::TooLong(n) => Says::TooLong(n),
                _ => Says::Empty,
            };
            (says(what, lang), Vec::new())
        }
        Err(e) => return Err(anyhow::Error::new(e).context("answering failed")),
    };
    match shown {
        // The extractive answer stands (the model's was not used, or said the same).
        Shown::Answer(_, on_screen) if on_screen == html => {}
        Shown::Answer(id, _) | Shown::Writing(id) => {
            finish_html(bot, chat, Some(id), &html, buttons).await?;
        }
        Shown::Nothing => finish_html(bot, chat, None, &html, buttons).await?,
    }
    Ok(())
}

async fn deals(ctx: &Ctx, args: &str, lang: Lang) -> Result<String> {
    let catalog = ctx.desk.catalog();
    let spec = FilterSpec::from_words(args, &catalog.entities);
    match ctx.desk.deals(spec).await {
        Ok(found) => Ok(reply::deals(&found, &catalog.entities, lang)),
        Err(DeskError::Filter(e)) => Ok(escape(&e.to_string())),
        Err(e) => Err(anyhow::Error::new(e).context("searching deals")),
    }
}

/// The passage a citation id points at, formatted; `None` when there is none.
async fn passage_html(ctx: &Ctx, id: &str, lang: Lang) -> Result<Option<String>> {
    let Ok(id) = CitationId::parse(id.trim()) else {
        return Ok(None);
    };
    let sentence = id.sentence();
    let found = ctx.desk.passage(id).await.context("reading a passage")?;
    Ok(found.map(|p| reply::passage(&p, sentence, lang)))
}

async fn source(ctx: &Ctx, args: &str, lang: Lang) -> Result<String> {
    if args.is_empty() {
        return Ok(says(Says::SourceWhat, lang));
    }
    ctx.count(ChatEvent::SourceShown);
    Ok(passage_html(ctx, args, lang)
        .await?
        .unwrap_or_else(|| says(Says::NoSuchSource, lang)))
}

async fn reindex(ctx: &Ctx) -> Result<String> {
    let _one_at_a_time = ctx.reindexing.lock().await;
    let outcome = ctx
        .desk
        .reindex(ctx.corpus.clone())
        .await
        .context("updating the index")?;
    let line = match outcome {
        Outcome::Synced(summary) => {
            let status = ctx.desk.status().await?;
            dealdesk_core::kb::summary_line(&summary, status.passages)
        }
        // The corpus's own problems are for the admin to read, not a failure of the bot.
        Outcome::Failed(e) => format!("corpus not re-read: {e}"),
        Outcome::Held(why) => format!("corpus change held: {why}"),
    };
    tracing::info!("/reindex: {line}");
    Ok(escape(&line))
}

async fn stats(ctx: &Ctx) -> Result<String> {
    let status = ctx.desk.status().await?;
    let n = ctx.desk.metrics().counts();
    let text = format!(
        "up {} s\nquestions: {} ({} abstained)\nsources shown: {}\nrefused: {}\nrate-limited: {}\nfailures: {}\nconversations remembered: {}\nindex: {} passages, {} deals",
        ctx.started.elapsed().as_secs(),
        n.answered + n.abstained,
        n.abstained,
        n.sources_shown,
        n.refused,
        n.rate_limited,
        n.failed,
        ctx.desk
            .conversations()
            .map_or_else(|| "kept in Redis".to_string(), |n| n.to_string()),
        status.passages,
        status.deals,
    );
    Ok(escape(&text))
}

pub async fn on_callback(bot: Bot, q: CallbackQuery, ctx: Ctx) -> Result<()> {
    // Always answer the callback, so the button stops spinning.
    if let Err(e) = send(bot.answer_callback_query(q.id.clone())).await {
        tracing::warn!("answering a callback failed: {e}");
    }
    let chat = q
        .message
        .as_ref()
        .map_or(ChatId(q.from.id.0 as i64), |m| m.chat().id);
    let user = Some(q.from.id.0);
    if !ctx.access.allows(user, chat.0) {
        return Ok(());
    }
    let lang = ui_lang(
        ctx.chats.lang(chat.0),
        None,
        q.from.language_code.as_deref(),
    );
    let Some(id) = q
        .data
        .as_deref()
        .and_then(|d| d.strip_prefix(SOURCE_PREFIX))
    else {
        return Ok(());
    };
    if !within_rate(&bot, &ctx, chat, user, lang).await? {
        return Ok(());
    }
    let html = match source(&ctx, id, lang).await {
        Ok(h) => h,
        Err(e) => {
            tracing::error!(chat = chat.0, "showing a source failed: {e:#}");
            says(Says::Failed, lang)
        }
    };
    if let Err(e) = send_html(&bot, chat, &html, Vec::new()).await {
        tracing::error!(chat = chat.0, "sending a source failed: {e}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_mentions_and_questions() {
        assert_eq!(
            parse_input("/ask@DealBot Combien ?", "dealbot", false),
            Input::Command("ask".into(), "Combien ?")
        );
        assert_eq!(
            parse_input("/ask@other x", "dealbot", false),
            Input::NotForUs
        );
        assert_eq!(parse_input("hello", "dealbot", false), Input::NotForUs);
        assert_eq!(
            parse_input("@dealbot How much?", "dealbot", false),
            Input::Question("How much?")
        );
        assert_eq!(
            parse_input("How much?", "dealbot", true),
            Input::Question("How much?")
        );
        assert_eq!(
            parse_input("/HELP", "dealbot", true),
            Input::Command("help".into(), "")
        );
    }
}
