//! [`Money`]: an amount of Vietnamese đồng, whole đồng (VND has no subunit in use).
//!
//! On the wire it is a plain number (`#[serde(transparent)]`, a TypeScript `number`), exactly as the bare
//! `i64` it replaces, so stored JSON and the UI read the same values. The type keeps amounts apart from
//! quantities and ids: an amount times a quantity is an amount, two amounts add, an amount times an amount
//! does not compile.
//!
//! The operators (`+`, `-`, `*` by a quantity, `sum`) **saturate** at the `i64` bounds instead of wrapping
//! or panicking, because the operands come from what a user typed or a file held; the `checked_*` methods
//! answer `None` on overflow where the caller must refuse instead (validation does, with
//! [`Money::MAX_EXACT`]).

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};

use serde::{Deserialize, Serialize};

/// An amount in whole đồng (may be negative: a refund, a discount larger than what it applies to).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    specta::Type,
)]
#[serde(transparent)]
pub struct Money(#[specta(type = specta_typescript::Number)] i64);

impl Money {
    pub const ZERO: Money = Money(0);
    /// The largest amount the UI holds exactly (JavaScript's `Number.MAX_SAFE_INTEGER`, 2^53 − 1): a
    /// draft with a larger amount is refused (`amount.too_large`).
    pub const MAX_EXACT: Money = Money(9_007_199_254_740_991);

    /// `dong` whole đồng.
    pub const fn vnd(dong: i64) -> Money {
        Money(dong)
    }

    /// The amount in whole đồng.
    pub const fn dong(self) -> i64 {
        self.0
    }

    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Within ±[`Money::MAX_EXACT`].
    pub const fn is_exact(self) -> bool {
        self.0.unsigned_abs() <= Money::MAX_EXACT.0.unsigned_abs()
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// This amount `quantity` times (a unit price × units).
    pub fn checked_mul(self, quantity: i64) -> Option<Money> {
        self.0.checked_mul(quantity).map(Money)
    }

    pub fn saturating_add(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }

    pub fn saturating_sub(self, other: Money) -> Money {
        Money(self.0.saturating_sub(other.0))
    }

    pub fn saturating_mul(self, quantity: i64) -> Money {
        Money(self.0.saturating_mul(quantity))
    }

    /// The sum of `amounts`, `None` on overflow.
    pub fn checked_sum(amounts: impl IntoIterator<Item = Money>) -> Option<Money> {
        amounts
            .into_iter()
            .try_fold(Money::ZERO, |acc, m| acc.checked_add(m))
    }
}

impl From<i64> for Money {
    fn from(dong: i64) -> Self {
        Money(dong)
    }
}

impl From<Money> for i64 {
    fn from(m: Money) -> Self {
        m.0
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        self.saturating_add(rhs)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        *self = *self + rhs;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        self.saturating_sub(rhs)
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        *self = *self - rhs;
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(self.0.saturating_neg())
    }
}

/// An amount times a quantity (a unit price × units).
impl Mul<i64> for Money {
    type Output = Money;
    fn mul(self, quantity: i64) -> Money {
        self.saturating_mul(quantity)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

/// The number of đồng, nothing else (`199000`): the UI formats amounts for its language.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_of_amounts_and_quantities() {
        let price = Money::vnd(199_000);
        let discount = Money::vnd(10_000);
        assert_eq!((price - discount) * 2, Money::vnd(378_000));
        assert_eq!(price + discount, Money::vnd(209_000));
        let mut m = Money::ZERO;
        m += price;
        m -= discount;
        assert_eq!(m, Money::vnd(189_000));
        assert_eq!(-m, Money::vnd(-189_000));
        assert_eq!([price, discount].iter().sum::<Money>(), Money::vnd(209_000));
        assert_eq!(vec![price, price].into_iter().sum::<Money>(), price * 2);
        assert_eq!(i64::from(price), 199_000);
        assert_eq!(Money::from(5), Money::vnd(5));
        assert!(Money::vnd(-1).is_negative() && !Money::ZERO.is_negative());
    }

    #[test]
    fn overflow_saturates_in_operators_and_is_none_when_checked() {
        let big = Money::vnd(i64::MAX - 1);
        assert_eq!(big + Money::vnd(10), Money::vnd(i64::MAX));
        assert_eq!(Money::vnd(i64::MIN) - Money::vnd(1), Money::vnd(i64::MIN));
        assert_eq!(big * 3, Money::vnd(i64::MAX));
        assert_eq!(Money::vnd(-2) * i64::MAX, Money::vnd(i64::MIN));
        assert_eq!(-Money::vnd(i64::MIN), Money::vnd(i64::MAX));
        assert_eq!(big.checked_add(Money::vnd(10)), None);
        assert_eq!(Money::vnd(i64::MIN).checked_sub(Money::vnd(1)), None);
        assert_eq!(big.checked_mul(2), None);
        assert_eq!(Money::checked_sum([big, big]), None);
        assert_eq!(
            Money::checked_sum([Money::vnd(1), Money::vnd(2)]),
            Some(Money::vnd(3))
        );
        assert!(Money::MAX_EXACT.is_exact() && (-Money::MAX_EXACT).is_exact());
        assert!(!(Money::MAX_EXACT + Money::vnd(1)).is_exact());
    }

    #[test]
    fn on_the_wire_it_is_a_plain_number_and_displays_as_one() {
        assert_eq!(
            serde_json::to_string(&Money::vnd(487_000)).ok().as_deref(),
            Some("487000")
        );
        assert_eq!(
            serde_json::from_str::<Money>("-20000").ok(),
            Some(Money::vnd(-20_000))
        );
        assert!(serde_json::from_str::<Money>("\"20000\"").is_err());
        assert_eq!(Money::vnd(1_234_567).to_string(), "1234567");
        assert_eq!(Money::vnd(-5).to_string(), "-5");
    }
}
