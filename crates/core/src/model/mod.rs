//! The shared model: [`article::Article`]s and their paragraphs, [`entity::Entity`]s and the
//! [`entity::EntityTable`] that links names to them, [`deal::Deal`]s, and
//! [`citation::Citation`]s. Plain types that every layer above uses; no I/O.

pub mod article;
pub mod citation;
pub mod deal;
pub mod entity;

pub use article::{Article, Paragraph};
pub use citation::{Citation, Citations};
pub use deal::{Deal, DealKind, Money, Party, Role, Status};
pub use entity::{Entity, EntityId, EntityKind, EntityTable, Link};
