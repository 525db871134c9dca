//! The bot's commands: parsed by teloxide's `BotCommands` derive, and registered with Telegram
//! at start-up (`setMyCommands`) so clients offer them in their command menu.

use teloxide::utils::command::BotCommands;

#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    #[command(description = "what the bot does, with examples")]
    Start,
    #[command(description = "what the bot does, with examples")]
    Help,
    #[command(description = "ask a question (in a group: /ask or mention the bot)")]
    Ask(String),
    #[command(description = "list deals, e.g. /deals Intel")]
    Deals(String),
    #[command(description = "quote a source, e.g. /source article#p7")]
    Source(String),
    #[command(description = "language of the bot's messages: /lang fr or /lang en")]
    Lang(String),
    #[command(description = "re-read the corpus (administrators)")]
    Reindex,
    #[command(description = "usage counters (administrators)")]
    Stats,
}

/// The commands every user sees in the menu (administrators' ones are left out), named
/// without their slash as `setMyCommands` wants them.
pub fn menu() -> Vec<teloxide::types::BotCommand> {
    Command::bot_commands()
        .into_iter()
        .map(|c| teloxide::types::BotCommand::new(c.command.trim_start_matches('/'), c.description))
        .filter(|c| !matches!(c.command.as_str(), "reindex" | "stats" | "start"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_take_the_rest_of_the_line() {
        assert_eq!(
            Command::parse("/ask Combien Amazon a-t-il investi ?", "").ok(),
            Some(Command::Ask("Combien Amazon a-t-il investi ?".into()))
        );
        assert_eq!(Command::parse("/help ", "").ok(), Some(Command::Help));
        assert_eq!(
            Command::parse("/deals ", "").ok(),
            Some(Command::Deals(String::new()))
        );
        assert!(Command::parse("/nope", "").is_err());
    }

    #[test]
    fn the_menu_lists_the_user_commands() {
        let names: Vec<String> = menu().into_iter().map(|c| c.command).collect();
        assert_eq!(names, ["help", "ask", "deals", "source", "lang"]);
    }
}
