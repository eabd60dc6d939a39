//! Keyset pagination: `?limit=&cursor=` → `{items, next_cursor}`. A cursor is the sort key
//! of the last item of the page, opaque to clients.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    db::{Db, DbConnection},
    error::Error,
};

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

pub fn limit(requested: Option<i64>) -> Result<i64, Error> {
    match requested {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(Error::invalid("limit", format!("must be between 1 and {MAX_LIMIT}"))),
    }
}

fn bad_cursor() -> Error {
    Error::invalid("cursor", "is not a cursor this API returned")
}

/// A cursor of a timestamp and an id.
pub fn encode_time_id(at: NaiveDateTime, id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}|{id}", at.and_utc().timestamp_micros()))
}

pub fn decode_time_id(cursor: &str) -> Result<(NaiveDateTime, String), Error> {
    parse_time_id(&decode_text(cursor)?)
}

/// A cursor of a rank (higher first), a timestamp and an id: ranked search results.
pub fn encode_rank_time_id(rank: i64, at: NaiveDateTime, id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{rank}|{}|{id}", at.and_utc().timestamp_micros()))
}

pub fn decode_rank_time_id(cursor: &str) -> Result<(i64, NaiveDateTime, String), Error> {
    let text = decode_text(cursor)?;
    let (rank, rest) = text.split_once('|').ok_or_else(bad_cursor)?;
    let rank: i64 = rank.parse().map_err(|_| bad_cursor())?;
    let (at, id) = parse_time_id(rest)?;
    Ok((rank, at, id))
}

fn decode_text(cursor: &str) -> Result<String, Error> {
    let raw = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad_cursor())?;
    String::from_utf8(raw).map_err(|_| bad_cursor())
}

fn parse_time_id(text: &str) -> Result<(NaiveDateTime, String), Error> {
    let (micros, id) = text.split_once('|').ok_or_else(bad_cursor)?;
    let micros: i64 = micros.parse().map_err(|_| bad_cursor())?;
    let at = chrono::DateTime::from_timestamp_micros(micros).ok_or_else(bad_cursor)?.naive_utc();
    uuid::Uuid::parse_str(id).map_err(|_| bad_cursor())?;
    Ok((at, id.to_owned()))
}

/// A cursor of an id alone (lists in creation order).
pub fn encode_id(id: &str) -> String {
    URL_SAFE_NO_PAD.encode(id)
}

pub fn decode_id(cursor: &str) -> Result<String, Error> {
    let raw = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad_cursor())?;
    let id = String::from_utf8(raw).map_err(|_| bad_cursor())?;
    uuid::Uuid::parse_str(&id).map_err(|_| bad_cursor())?;
    Ok(id)
}

/// Splits `rows` (fetched with `limit + 1`) into a page and the cursor after it.
pub fn page_of<R, T: ToSchema>(
    mut rows: Vec<R>,
    limit: i64,
    cursor_of: impl Fn(&R) -> String,
    map: impl FnMut(R) -> Result<T, Error>,
) -> Result<Page<T>, Error> {
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = if more { rows.last().map(&cursor_of) } else { None };
    let items = rows.into_iter().map(map).collect::<Result<_, _>>()?;
    Ok(Page { items, next_cursor })
}

/// `list(conn, after_id, limit)`: a table listed in creation order by its time-ordered id.
pub type ListById<R> = fn(&mut DbConnection, Option<&str>, i64) -> Result<Vec<R>, Error>;

/// The whole of a plain list endpoint in id order: the page after `cursor`, read with
/// `list` and rendered with `render`.
pub async fn by_id<R, T>(
    db: &Db,
    requested_limit: Option<i64>,
    cursor: Option<&str>,
    list: ListById<R>,
    id: fn(&R) -> String,
    render: fn(R) -> Result<T, Error>,
) -> Result<Page<T>, Error>
where
    R: Send + 'static,
    T: ToSchema + Send + 'static,
{
    let limit = limit(requested_limit)?;
    let after = cursor.map(decode_id).transpose()?;
    db.read(move |c| {
        let rows = list(c, after.as_deref(), limit + 1)?;
        page_of(rows, limit, |r| encode_id(&id(r)), render)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let at = chrono::DateTime::from_timestamp_micros(1_763_900_000_123_456).unwrap().naive_utc();
        let id = uuid::Uuid::now_v7().to_string();
        assert_eq!(decode_time_id(&encode_time_id(at, &id)).unwrap(), (at, id.clone()));
        assert_eq!(decode_id(&encode_id(&id)).unwrap(), id);
        assert_eq!(decode_rank_time_id(&encode_rank_time_id(3, at, &id)).unwrap(), (3, at, id.clone()));
        assert!(decode_time_id(&encode_rank_time_id(3, at, &id)).is_err(), "a search cursor is not a list cursor");
        for bad in ["", "!!!", "bm90IGEgY3Vyc29y", &URL_SAFE_NO_PAD.encode("12|not-a-uuid")] {
            assert!(decode_time_id(bad).is_err(), "{bad}");
            assert!(decode_id(bad).is_err(), "{bad}");
            assert!(decode_rank_time_id(bad).is_err(), "{bad}");
        }
    }
}
