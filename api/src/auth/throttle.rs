//! Sign-in throttling, per account and per client address: after a few consecutive
//! failures each further attempt must wait a delay that doubles with every failure, and
//! after more failures the account or address is locked out for a while (the lockout is
//! written to the database by the caller, so every process honours it and administrators
//! see it). Attempts inside a delay are refused before any password is hashed.
//!
//! The failure counts live in memory, per process, in two maps of bounded size: sign-ins
//! are unauthenticated, so the oldest entries are forgotten when a map is full rather
//! than let strangers grow memory without bound. Unknown usernames are counted exactly
//! like known ones, so the throttle tells nobody which names exist.

use std::{
    collections::{HashMap, VecDeque},
    hash::Hash,
    net::IpAddr,
    sync::Mutex,
};

use chrono::{DateTime, TimeDelta, Utc};

/// How one kind of subject is throttled.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Consecutive failures allowed without any delay.
    pub free: u32,
    /// The delay after the first failure beyond `free`; it doubles with each further one.
    pub first_delay: TimeDelta,
    pub max_delay: TimeDelta,
    /// Failures that lock the subject out: for `first_lock`, and twice as long at each
    /// further lockout while the subject keeps failing, up to `max_lock` (as Microsoft
    /// Entra's smart lockout does: a guesser is stopped for longer and longer, while a
    /// person locked out by someone else's flood waits one minute, not fifteen).
    pub lock_after: u32,
    pub first_lock: TimeDelta,
    pub max_lock: TimeDelta,
    /// A subject with no failure for this long starts afresh.
    pub forget_after: TimeDelta,
}

impl Rule {
    /// A username (known or not): 3 free tries, then 1 s, 2 s, 4 s … (at most 1 min) between
    /// tries, and locked at the 10th consecutive failure: 1 minute, then 2, 4, 8, 15.
    pub const ACCOUNT: Rule = Rule {
        free: 3,
        first_delay: TimeDelta::seconds(1),
        max_delay: TimeDelta::minutes(1),
        lock_after: 10,
        first_lock: TimeDelta::minutes(1),
        max_lock: TimeDelta::minutes(15),
        forget_after: TimeDelta::minutes(15),
    };

    /// A client address: a whole call center may sit behind one, so the thresholds are higher.
    pub const ADDRESS: Rule = Rule {
        free: 20,
        first_delay: TimeDelta::seconds(1),
        max_delay: TimeDelta::minutes(1),
        lock_after: 100,
        first_lock: TimeDelta::minutes(1),
        max_lock: TimeDelta::minutes(15),
        forget_after: TimeDelta::minutes(15),
    };

    /// How long after the last failure the next attempt must wait, with `failures` so far.
    fn delay(&self, failures: u32) -> TimeDelta {
        if failures < self.free {
            return TimeDelta::zero();
        }
        let doublings = (failures - self.free).min(30);
        let delay = self.first_delay * 2i32.saturating_pow(doublings);
        delay.min(self.max_delay)
    }

    /// How long the lockout lasts that follows `earlier` lockouts.
    fn lock_for(&self, earlier: u32) -> TimeDelta {
        (self.first_lock * 2i32.saturating_pow(earlier.min(30))).min(self.max_lock)
    }
}

/// What is throttled: a username as typed, or a client address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Account,
    Address,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Account => "account",
            Kind::Address => "address",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        [Kind::Account, Kind::Address].into_iter().find(|k| k.as_str() == s)
    }
}

/// A lockout the caller must record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lockout {
    pub kind: Kind,
    pub subject: String,
    pub failures: u32,
    pub until: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    last_failure: DateTime<Utc>,
    /// Lockouts so far, while the subject has not been quiet for `forget_after`.
    lockouts: u32,
}

/// A map that keeps at most `cap` entries, forgetting the oldest inserted first.
struct Bounded<K> {
    cap: usize,
    entries: HashMap<K, Entry>,
    order: VecDeque<K>,
}

impl<K: Hash + Eq + Clone> Bounded<K> {
    fn new(cap: usize) -> Bounded<K> {
        Bounded { cap: cap.max(1), entries: HashMap::new(), order: VecDeque::new() }
    }

    fn get(&self, key: &K) -> Option<Entry> {
        self.entries.get(key).copied()
    }

    fn put(&mut self, key: K, entry: Entry) {
        if self.entries.insert(key.clone(), entry).is_some() {
            return;
        }
        self.order.push_back(key);
        while self.entries.len() > self.cap {
            match self.order.pop_front() {
                Some(oldest) => {
                    self.entries.remove(&oldest);
                }
                None => break,
            }
        }
        // Removed keys leave stale places in `order`; drop them once they pile up.
        if self.order.len() > 2 * self.cap {
            let entries = &self.entries;
            let mut seen = std::collections::HashSet::new();
            self.order.retain(|k| entries.contains_key(k) && seen.insert(k.clone()));
        }
    }

    fn remove(&mut self, key: &K) {
        self.entries.remove(key);
    }

    fn len(&self) -> usize {
        self.entries.len()
    }
}

/// Refused for now: try again after this long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait(pub TimeDelta);

pub struct Throttle {
    account: Rule,
    address: Rule,
    state: Mutex<State>,
}

struct State {
    accounts: Bounded<String>,
    addresses: Bounded<IpAddr>,
}

impl Throttle {
    /// The default rules, each map holding at most `cap` subjects.
    pub fn new(cap: usize) -> Throttle {
        Throttle::with_rules(Rule::ACCOUNT, Rule::ADDRESS, cap)
    }

    pub fn with_rules(account: Rule, address: Rule, cap: usize) -> Throttle {
        Throttle {
            account,
            address,
            state: Mutex::new(State { accounts: Bounded::new(cap), addresses: Bounded::new(cap) }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether `username` may try from `address` at `now`; if not, how long to wait.
    pub fn check(&self, username: &str, address: IpAddr, now: DateTime<Utc>) -> Result<(), Wait> {
        let state = self.state();
        let wait = |rule: &Rule, entry: Option<Entry>| {
            let entry = entry.filter(|e| now - e.last_failure < rule.forget_after)?;
            let ready = entry.last_failure + rule.delay(entry.failures);
            (ready > now).then(|| ready - now)
        };
        let account = wait(&self.account, state.accounts.get(&username.to_owned()));
        let address = wait(&self.address, state.addresses.get(&address));
        match account.into_iter().chain(address).max() {
            Some(longest) => Err(Wait(longest)),
            None => Ok(()),
        }
    }

    /// Counts a failed sign-in; returns the lockouts it brings about (the counts of a
    /// locked subject start again from zero, for when the lockout ends).
    pub fn failed(&self, username: &str, address: IpAddr, now: DateTime<Utc>) -> Vec<Lockout> {
        let mut state = self.state();
        let mut lockouts = Vec::new();
        let mut count = |rule: &Rule, entry: Option<Entry>, kind: Kind, subject: String| {
            let (before, earlier) =
                entry.filter(|e| now - e.last_failure < rule.forget_after).map_or((0, 0), |e| (e.failures, e.lockouts));
            let failures = before + 1;
            if failures >= rule.lock_after {
                lockouts.push(Lockout { kind, subject, failures, until: now + rule.lock_for(earlier) });
                Entry { failures: 0, last_failure: now, lockouts: earlier + 1 }
            } else {
                Entry { failures, last_failure: now, lockouts: earlier }
            }
        };
        let account = count(&self.account, state.accounts.get(&username.to_owned()), Kind::Account, username.into());
        let at = count(&self.address, state.addresses.get(&address), Kind::Address, address.to_string());
        state.accounts.put(username.to_owned(), account);
        state.addresses.put(address, at);
        lockouts
    }

    /// A successful sign-in clears the account's failures (not the address's: one good
    /// password must not reset a guesser's count).
    pub fn succeeded(&self, username: &str) {
        self.state().accounts.remove(&username.to_owned());
    }

    /// Forgets a subject's failures (its lockout was lifted).
    pub fn forget(&self, kind: Kind, subject: &str) {
        let mut state = self.state();
        match kind {
            Kind::Account => state.accounts.remove(&subject.to_owned()),
            Kind::Address => {
                if let Ok(ip) = subject.parse::<IpAddr>() {
                    state.addresses.remove(&ip);
                }
            }
        }
    }

    /// Subjects remembered now, (accounts, addresses).
    pub fn sizes(&self) -> (usize, usize) {
        let state = self.state();
        (state.accounts.len(), state.addresses.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([10, 0, 0, last])
    }

    #[test]
    fn delays_double_after_the_free_tries_then_the_account_locks() {
        let throttle = Throttle::new(100);
        let mut now = Utc::now();
        for _ in 0..3 {
            assert_eq!(throttle.check("li", ip(1), now), Ok(()));
            assert!(throttle.failed("li", ip(1), now).is_empty());
        }
        // The 3rd failure asks for 1 s, the next 2 s, then 4 s …
        let mut expected = TimeDelta::seconds(1);
        for _ in 3..9 {
            assert_eq!(throttle.check("li", ip(1), now), Err(Wait(expected)));
            assert_eq!(throttle.check("li", ip(2), now), Err(Wait(expected)), "from any address");
            assert_eq!(throttle.check("wang", ip(1), now), Ok(()), "another account is not slowed");
            now += expected;
            assert_eq!(throttle.check("li", ip(1), now), Ok(()));
            assert!(throttle.failed("li", ip(1), now).is_empty());
            expected = (expected * 2).min(TimeDelta::minutes(1));
        }
        now += TimeDelta::minutes(1);
        let lockouts = throttle.failed("li", ip(1), now);
        assert_eq!(
            lockouts,
            [Lockout { kind: Kind::Account, subject: "li".into(), failures: 10, until: now + TimeDelta::minutes(1) }]
        );
        // A guesser who goes on is locked out twice as long each time, up to 15 minutes.
        let mut expected = TimeDelta::minutes(2);
        for _ in 0..5 {
            now += TimeDelta::minutes(2);
            let mut locked = Vec::new();
            for _ in 0..10 {
                locked = throttle.failed("li", ip(1), now);
            }
            assert_eq!(locked.len(), 1);
            assert_eq!(locked[0].until, now + expected);
            expected = (expected * 2).min(TimeDelta::minutes(15));
        }
    }

    #[test]
    fn success_resets_the_account_and_quiet_time_forgets_it() {
        let throttle = Throttle::new(100);
        let now = Utc::now();
        for _ in 0..5 {
            throttle.failed("li", ip(1), now);
        }
        assert!(throttle.check("li", ip(1), now).is_err());
        throttle.succeeded("li");
        assert_eq!(throttle.check("li", ip(1), now), Ok(()));
        for _ in 0..5 {
            throttle.failed("li", ip(1), now);
        }
        assert_eq!(throttle.check("li", ip(1), now + TimeDelta::minutes(16)), Ok(()));
        throttle.forget(Kind::Account, "li");
        assert_eq!(throttle.check("li", ip(1), now), Ok(()));
    }

    #[test]
    fn an_address_guessing_many_names_is_slowed_then_locked() {
        let throttle = Throttle::new(1000);
        let mut now = Utc::now();
        for i in 0..20 {
            assert_eq!(throttle.check(&format!("user{i}"), ip(9), now), Ok(()));
            throttle.failed(&format!("user{i}"), ip(9), now);
        }
        assert_eq!(throttle.check("someone-new", ip(9), now), Err(Wait(TimeDelta::seconds(1))));
        assert_eq!(throttle.check("someone-new", ip(8), now), Ok(()), "other addresses are not slowed");
        let mut locked = Vec::new();
        for i in 20..100 {
            now += TimeDelta::minutes(1);
            locked = throttle.failed(&format!("user{i}"), ip(9), now);
        }
        assert_eq!(locked.len(), 1, "{locked:?}");
        assert_eq!((locked[0].kind, locked[0].subject.as_str()), (Kind::Address, "10.0.0.9"));
    }

    #[test]
    fn strangers_cannot_grow_the_maps_without_bound() {
        let throttle = Throttle::new(50);
        let now = Utc::now();
        for i in 0..10_000u32 {
            let [a, b, c, d] = i.to_be_bytes();
            throttle.failed(&format!("name-{i}"), IpAddr::from([a, b, c, d]), now);
        }
        assert_eq!(throttle.sizes(), (50, 50));
        // The newest are the ones kept.
        for _ in 0..5 {
            throttle.failed("name-9999", ip(0), now);
        }
        assert!(throttle.check("name-9999", ip(1), now).is_err());
        let state = throttle.state();
        assert!(state.accounts.order.len() <= 100);
    }
}
