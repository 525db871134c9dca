//! One way for the conversational adapters (the bot, `chat`) to answer in a mode: by the model
//! when the mode calls for one — verified, with the extractive answer as the fallback — else
//! extractively, follow-ups resolved the same way on both paths.

use std::sync::Arc;

use dealdesk::config::llm::Mode;
use dealdesk::conversation::Conversation;
use dealdesk::kb::KnowledgeBase;
use dealdesk::llm::{AnswerError, Answerer, VerifiedAnswer};

/// Answers `question` in `conversation` and hands the conversation back, updated.
pub async fn answer_in(
    answerer: &Answerer,
    kb: Arc<KnowledgeBase>,
    mut conversation: Conversation,
    question: String,
    mode: Mode,
) -> (Conversation, Result<VerifiedAnswer, AnswerError>) {
    let uses_model = match answerer.client_for(mode) {
        Ok(client) => client.is_some(),
        Err(e) => return (conversation, Err(e.into())),
    };
    if !uses_model {
        let work = tokio::task::spawn_blocking(move || {
            let answer = conversation.ask(&kb, &question);
            (conversation, answer)
        })
        .await;
        return match work {
            Ok((c, answer)) => (
                c,
                answer
                    .map(VerifiedAnswer::extractive)
                    .map_err(AnswerError::from),
            ),
            Err(e) => (Conversation::new(), Err(AnswerError::Task(e.to_string()))),
        };
    }
    let entities = kb.catalog().entities.clone();
    let resolved = conversation.resolve_now(&question, &entities);
    let result = answerer.answer(kb, &resolved, mode).await;
    let result = result.map(|mut v| {
        if resolved != question.trim() {
            v.answer.resolved_from = Some(question.trim().to_string());
        }
        v
    });
    if result.is_ok() {
        conversation.remember(&resolved, &entities);
    }
    (conversation, result)
}
