//! Open streams end with their session. A stream registers its user and the session
//! version it was opened under; it is ended at once when this process ends the user's
//! sessions ([`Sessions::end`]), and within one [`CHECK_EVERY`] when anything else did
//! (another process on the same database, a deactivation, a role change, a revoked API
//! token): one query per interval reads the session state of every user with an open
//! stream here (and one the state of their API tokens, when any streams with one),
//! however many streams there are, so a thousand open consoles cost one indexed read a
//! second.

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::sync::oneshot;

use crate::{
    clock::{self, Clock},
    db::{self, Db},
    domain::role::Role,
};

/// How often the session state of streaming users is read.
pub const CHECK_EVERY: Duration = Duration::from_secs(1);

/// What a stream must still match to go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holds {
    /// A session token: the user is active with this session version.
    Session(i32),
    /// An API token (its id): not revoked or expired, of an active integration user.
    ApiToken(String),
}

struct Watched {
    user_id: String,
    holds: Holds,
    end: oneshot::Sender<()>,
}

/// The streams open in this process, by the session they depend on.
#[derive(Default)]
pub struct Sessions {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    next: u64,
    streams: HashMap<u64, Watched>,
}

/// A stream's registration: `ended` resolves when its session ends; dropping it
/// unregisters the stream.
pub struct Watch {
    id: u64,
    sessions: Arc<Sessions>,
    pub ended: oneshot::Receiver<()>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.sessions.state().streams.remove(&self.id);
    }
}

impl Sessions {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn watch(self: &Arc<Self>, user_id: &str, holds: Holds) -> Watch {
        let (end, ended) = oneshot::channel();
        let mut state = self.state();
        state.next += 1;
        let id = state.next;
        state.streams.insert(id, Watched { user_id: user_id.to_owned(), holds, end });
        Watch { id, sessions: self.clone(), ended }
    }

    /// Ends at once this process's streams of `user_id` (whose sessions were just ended here).
    pub fn end(&self, user_id: &str) {
        self.end_where(|w| w.user_id == user_id);
    }

    fn end_where(&self, ended: impl Fn(&Watched) -> bool) {
        let mut state = self.state();
        let ids: Vec<u64> = state.streams.iter().filter(|(_, w)| ended(w)).map(|(id, _)| *id).collect();
        for id in ids {
            if let Some(w) = state.streams.remove(&id) {
                let _ = w.end.send(());
            }
        }
    }

    /// The users with open streams, and the API tokens streams are open with.
    fn watched(&self) -> (Vec<String>, Vec<String>) {
        let state = self.state();
        let users: HashSet<&String> = state.streams.values().map(|w| &w.user_id).collect();
        let tokens: HashSet<&String> = state
            .streams
            .values()
            .filter_map(|w| match &w.holds {
                Holds::ApiToken(id) => Some(id),
                Holds::Session(_) => None,
            })
            .collect();
        (users.into_iter().cloned().collect(), tokens.into_iter().cloned().collect())
    }

    /// Ends the streams whose session no longer holds, given the current state of their
    /// users: (id, session version, active, role), a user missing from it being gone; and
    /// the API tokens that stopped working.
    fn check(&self, users: &[(String, i32, bool, String)], ended_tokens: &[String]) {
        let by_id: HashMap<&str, (i32, bool, Option<Role>)> =
            users.iter().map(|(id, v, active, role)| (id.as_str(), (*v, *active, Role::parse(role)))).collect();
        self.end_where(|w| match (by_id.get(w.user_id.as_str()), &w.holds) {
            (Some((version, true, _)), Holds::Session(held)) => version != held,
            (Some((_, true, role)), Holds::ApiToken(token)) => {
                *role != Some(Role::Integration) || ended_tokens.contains(token)
            }
            _ => true,
        });
    }

    /// Streams open now.
    pub fn len(&self) -> usize {
        self.state().streams.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Reads, every `every`, the session state of the users with open streams and ends the
/// streams whose session ended elsewhere. Runs for the life of the process.
pub async fn run(db: Db, sessions: Arc<Sessions>, clock: Arc<dyn Clock>, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = check_once(&db, &sessions, clock.as_ref()).await {
            tracing::warn!(error = %e, "cannot check the sessions of open streams");
        }
    }
}

/// One check: reads the session state of the users with open streams (and the API tokens
/// they hold) and ends the streams whose session no longer holds.
pub async fn check_once(db: &Db, sessions: &Sessions, clock: &dyn Clock) -> Result<(), crate::error::Error> {
    let (users, tokens) = sessions.watched();
    if users.is_empty() {
        return Ok(());
    }
    let now = db::to_db(clock::now(clock));
    let (states, ended_tokens) = db
        .read(move |c| {
            let ended = if tokens.is_empty() { Vec::new() } else { db::api_tokens::ended(c, &tokens, now)? };
            Ok((db::users::session_states(c, &users)?, ended))
        })
        .await?;
    sessions.check(&states, &ended_tokens);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_end_with_their_session_and_only_theirs() {
        let sessions = Arc::new(Sessions::default());
        let mut a = sessions.watch("a", Holds::Session(1));
        let mut b = sessions.watch("b", Holds::Session(4));
        let mut token = sessions.watch("i", Holds::ApiToken("t1".into()));
        let mut revoked = sessions.watch("i", Holds::ApiToken("t2".into()));
        let row = |id: &str, v: i32, active: bool, role: &str| (id.to_owned(), v, active, role.to_owned());
        let integration = row("i", 0, true, "integration");
        sessions.check(&[row("a", 1, true, "agent"), row("b", 4, true, "agent"), integration.clone()], &[]);
        assert!(a.ended.try_recv().is_err() && b.ended.try_recv().is_err() && token.ended.try_recv().is_err());
        assert_eq!(sessions.watched().1.len(), 2);

        sessions.check(&[row("a", 1, true, "agent"), row("b", 4, true, "agent"), integration], &["t2".into()]);
        assert!(revoked.ended.try_recv().is_ok(), "its API token was revoked");
        assert!(token.ended.try_recv().is_err(), "the user's other token still works");

        sessions
            .check(&[row("a", 2, true, "agent"), row("b", 4, true, "agent"), row("i", 0, false, "integration")], &[]);
        assert!(a.ended.try_recv().is_ok(), "a's session version moved on");
        assert!(token.ended.try_recv().is_ok(), "the integration user was deactivated");
        assert!(b.ended.try_recv().is_err());
        assert_eq!(sessions.len(), 1);

        sessions.end("b");
        assert!(b.ended.try_recv().is_ok());
        drop((a, b, token, revoked));
        assert!(sessions.is_empty());
        let gone = sessions.watch("c", Holds::Session(0));
        sessions.check(&[], &[]);
        assert_eq!(sessions.len(), 0, "a user who no longer exists");
        drop(gone);
    }
}
