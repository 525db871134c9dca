//! Deals: what kind, between whom in which roles, for how much, when, on what terms — each
//! tied to the sentence of an article that states it ([`Deal::cites`]).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::date::IsoDate;
use crate::ids::{ArticleId, CitationId};
use crate::model::entity::EntityId;
use crate::text::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DealKind {
    Investment,
    EquityStake,
    ShareWarrant,
    Contract,
    Partnership,
    Licensing,
    Acquisition,
    Agreement,
    /// A round of funding: several investors may take part, and the amount is the round's.
    FundingRound,
}

impl DealKind {
    pub const ALL: [DealKind; 9] = [
        DealKind::Investment,
        DealKind::EquityStake,
        DealKind::ShareWarrant,
        DealKind::Contract,
        DealKind::Partnership,
        DealKind::Licensing,
        DealKind::Acquisition,
        DealKind::Agreement,
        DealKind::FundingRound,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DealKind::Investment => "investment",
            DealKind::EquityStake => "equity_stake",
            DealKind::ShareWarrant => "share_warrant",
            DealKind::Contract => "contract",
            DealKind::Partnership => "partnership",
            DealKind::Licensing => "licensing",
            DealKind::Acquisition => "acquisition",
            DealKind::Agreement => "agreement",
            DealKind::FundingRound => "funding_round",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == s.trim().to_lowercase().replace('-', "_"))
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (DealKind::Investment, Lang::En) => "investment",
            (DealKind::Investment, Lang::Fr) => "investissement",
            (DealKind::EquityStake, Lang::En) => "equity stake",
            (DealKind::EquityStake, Lang::Fr) => "prise de participation",
            (DealKind::ShareWarrant, Lang::En) => "share warrant",
            (DealKind::ShareWarrant, Lang::Fr) => "bon de souscription d’actions",
            (DealKind::Contract, Lang::En) => "contracts",
            (DealKind::Contract, Lang::Fr) => "contrats",
            (DealKind::Partnership, Lang::En) => "partnership",
            (DealKind::Partnership, Lang::Fr) => "partenariat",
            (DealKind::Licensing, Lang::En) => "licensing agreement",
            (DealKind::Licensing, Lang::Fr) => "accord de licence",
            (DealKind::Acquisition, Lang::En) => "acquisition",
            (DealKind::Acquisition, Lang::Fr) => "acquisition",
            (DealKind::Agreement, Lang::En) => "agreement",
            (DealKind::Agreement, Lang::Fr) => "accord",
            (DealKind::FundingRound, Lang::En) => "funding round",
            (DealKind::FundingRound, Lang::Fr) => "tour de table",
        }
    }
}

impl fmt::Display for DealKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Investor,
    Target,
    Grantor,
    Grantee,
    Supplier,
    Customer,
    Partner,
    Backer,
    Acquirer,
    Seller,
    Licensor,
    Licensee,
}

impl Role {
    pub const ALL: [Role; 12] = [
        Role::Investor,
        Role::Target,
        Role::Acquirer,
        Role::Seller,
        Role::Partner,
        Role::Backer,
        Role::Supplier,
        Role::Customer,
        Role::Grantor,
        Role::Grantee,
        Role::Licensor,
        Role::Licensee,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Investor, Lang::En) => "investor",
            (Role::Investor, Lang::Fr) => "investisseur",
            (Role::Target, Lang::En) => "target",
            (Role::Target, Lang::Fr) => "cible",
            (Role::Grantor, Lang::En) => "grantor",
            (Role::Grantor, Lang::Fr) => "émetteur",
            (Role::Grantee, Lang::En) => "grantee",
            (Role::Grantee, Lang::Fr) => "bénéficiaire",
            (Role::Supplier, Lang::En) => "supplier",
            (Role::Supplier, Lang::Fr) => "fournisseur",
            (Role::Customer, Lang::En) => "customer",
            (Role::Customer, Lang::Fr) => "client",
            (Role::Partner, Lang::En) => "partner",
            (Role::Partner, Lang::Fr) => "partenaire",
            (Role::Backer, Lang::En) => "backer",
            (Role::Backer, Lang::Fr) => "soutien",
            (Role::Acquirer, Lang::En) => "acquirer",
            (Role::Acquirer, Lang::Fr) => "acquéreur",
            (Role::Seller, Lang::En) => "seller",
            (Role::Seller, Lang::Fr) => "vendeur",
            (Role::Licensor, Lang::En) => "licensor",
            (Role::Licensor, Lang::Fr) => "concédant",
            (Role::Licensee, Lang::En) => "licensee",
            (Role::Licensee, Lang::Fr) => "licencié",
        }
    }

    /// The side that puts money or rights in.
    pub fn gives(self) -> bool {
        matches!(
            self,
            Role::Investor
                | Role::Grantor
                | Role::Backer
                | Role::Acquirer
                | Role::Licensor
                | Role::Customer
        )
    }

    /// The side that receives them.
    pub fn receives(self) -> bool {
        matches!(
            self,
            Role::Target | Role::Grantee | Role::Seller | Role::Licensee | Role::Supplier
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Announced,
    Completed,
    Conditional,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Announced, Status::Completed, Status::Conditional];
}

/// A party to a deal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub entity: EntityId,
    pub role: Role,
    /// Led the round (or the deal) it takes part in.
    pub lead: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    pub value: f64,
    /// ISO 4217 code.
    pub currency: String,
}

/// A validated deal.
#[derive(Debug, Clone, PartialEq)]
pub struct Deal {
    pub id: String,
    pub kind: DealKind,
    pub parties: Vec<Party>,
    /// For a funding round, the round's total, not any one investor's part.
    pub amount: Option<Money>,
    /// What the deal values the target at.
    pub valuation: Option<Money>,
    pub stake_pct: Option<f64>,
    pub shares: Option<u64>,
    pub date: Option<IsoDate>,
    pub date_inferred: bool,
    pub period: Option<(IsoDate, IsoDate)>,
    pub status: Status,
    pub terms_en: String,
    pub terms_fr: String,
    pub article: ArticleId,
    pub quote: String,
    /// Where the quote is: `#pN.sM` for one sentence, `#pN` when it spans several.
    pub cites: CitationId,
    /// The corpus text the citation points at, verbatim.
    pub cited_text: String,
    /// The cited article's title and URL, for citations.
    pub title: String,
    pub url: Option<String>,
    /// The id of the record of the same deal from another article: this one is not counted
    /// again in totals and lists.
    pub same_as: Option<String>,
}

impl Deal {
    /// The parties on the giving side (investors, acquirers…).
    pub fn givers(&self) -> impl Iterator<Item = &Party> {
        self.parties.iter().filter(|p| p.role.gives())
    }

    /// A round several investors take part in: its amount is no single investor's.
    pub fn is_shared_round(&self) -> bool {
        self.kind == DealKind::FundingRound && self.givers().count() > 1
    }

    pub fn involves(&self, entity: &EntityId) -> bool {
        self.parties.iter().any(|p| &p.entity == entity)
    }

    pub fn role_of(&self, entity: &EntityId) -> Option<Role> {
        self.parties
            .iter()
            .find(|p| &p.entity == entity)
            .map(|p| p.role)
    }

    pub fn terms(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.terms_fr,
            Lang::En => &self.terms_en,
        }
    }

    /// The amount in US dollars when it is in dollars (no exchange rates are assumed).
    pub fn amount_usd(&self) -> Option<f64> {
        self.amount
            .as_ref()
            .filter(|m| m.currency == "USD")
            .map(|m| m.value)
    }

    /// The date used for sorting and filtering: the date, else the end of the period.
    pub fn when(&self) -> Option<IsoDate> {
        self.date.or(self.period.map(|(_, to)| to))
    }
}
