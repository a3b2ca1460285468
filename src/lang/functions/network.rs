//! IP network functions: `cidrhost`, `cidrnetmask`, `cidrsubnet`, `cidrsubnets`.
//!
//! Terraform computes these with Go's `net` package (its `ipaddr` copy, which reads IPv4
//! parts with leading zeros as decimal) and `go-cidr`, on big integers. The arithmetic here
//! follows theirs step for step, quirks included (a negative subnet number is taken by its
//! magnitude and or-ed in two's complement; `cidrhost` counts negative host numbers from the
//! end of the range), so results match Terraform's. Where Go would panic (a result wider
//! than the address), the call fails with a message instead.

use std::net::{Ipv4Addr, Ipv6Addr};

use num_bigint::{BigInt, Sign};

use super::{string, strs};
use crate::lang::Value;

/// A parsed network: its address (`len` bytes, 4 or 16, already masked) and prefix length.
#[derive(Clone, Debug)]
struct Net {
    ip: u128,
    len: usize,
    prefix: u32,
}

impl Net {
    fn bits(&self) -> u32 {
        self.len as u32 * 8
    }
}

fn mask(prefix: u32, bits: u32) -> u128 {
    let all = if bits == 128 { u128::MAX } else { (1u128 << bits) - 1 };
    if prefix == 0 {
        0
    } else {
        all & !all.checked_shr(prefix).unwrap_or(0)
    }
}

/// Whether a 16-byte address is an IPv4 address in IPv6 form (`::ffff:a.b.c.d`).
fn mapped(ip: u128, len: usize) -> bool {
    len == 16 && ip >> 32 == 0xffff
}

/// Go's `net.ParseCIDR` (Terraform's `ipaddr` copy).
fn parse_cidr(s: &str) -> Result<Net, String> {
    let bad = || format!("invalid CIDR expression: invalid CIDR address: {s}");
    let (addr, bits) = s.split_once('/').ok_or_else(bad)?;
    let (ip, len) = match parse_v4(addr) {
        Some(v4) => (u128::from(v4), 4),
        None => (u128::from(addr.parse::<Ipv6Addr>().map_err(|_| bad())?), 16),
    };
    if bits.is_empty() || !bits.bytes().all(|b| b.is_ascii_digit()) || bits.len() > 8 {
        return Err(bad());
    }
    let prefix: u32 = bits.parse().map_err(|_| bad())?;
    if prefix > len as u32 * 8 {
        return Err(bad());
    }
    Ok(Net { ip: ip & mask(prefix, len as u32 * 8), len, prefix })
}

/// An IPv4 address as Go's older parser reads it: four decimal parts of at most 255, leading
/// zeros allowed (and still decimal).
fn parse_v4(s: &str) -> Option<u32> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut out = 0u32;
    for p in parts {
        if p.is_empty() || p.len() > 8 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u32 = p.parse().ok()?;
        if n > 255 {
            return None;
        }
        out = out << 8 | n;
    }
    Some(out)
}

/// Go's `net.IP.String`: dotted for IPv4 (also in IPv6 form), RFC 5952 for IPv6.
fn ip_string(ip: u128, len: usize) -> String {
    if len == 4 || mapped(ip, len) {
        // The low 32 bits are the address; the cast keeps exactly them.
        Ipv4Addr::from(ip as u32).to_string()
    } else {
        Ipv6Addr::from(ip).to_string()
    }
}

/// Go's `net.IPNet.String`: an IPv4 address in IPv6 form shows its IPv4 prefix length.
fn net_string(ip: u128, len: usize, prefix: u32) -> String {
    let shown = if mapped(ip, len) { prefix.saturating_sub(96) } else { prefix };
    format!("{}/{shown}", ip_string(ip, len))
}

/// A whole number as Terraform converts one to an integer.
fn whole(v: &Value) -> Result<BigInt, String> {
    let f = super::number(v)?;
    if f.fract() != 0.0 || !f.is_finite() {
        return Err("value must be a whole number".into());
    }
    // Whole and finite: the decimal form of the integer has no fraction or exponent.
    format!("{f:.0}").parse::<BigInt>().map_err(|_| "value must be a whole number".into())
}

fn small(v: &Value) -> Result<i64, String> {
    let n = whole(v)?;
    i64::try_from(&n)
        .map_err(|_| "value must be a whole number, between -9223372036854775808 and 9223372036854775807".to_string())
}

/// The low 64 bits of the magnitude, as Go's `big.Int.Uint64`.
fn low_u64(n: &BigInt) -> u64 {
    n.magnitude().iter_u64_digits().next().unwrap_or(0)
}

/// go-cidr's `insertNumIntoIP`: `num` shifted to end at bit `prefix`, or-ed into `ip`.
fn insert(ip: u128, len: usize, num: &BigInt, prefix: i64) -> Result<u128, String> {
    let total = len as i64 * 8;
    let shift = usize::try_from(total - prefix).map_err(|_| "the prefix is longer than the address".to_string())?;
    let shifted = num << shift;
    let merged = BigInt::from(ip) | shifted;
    let bytes = merged.magnitude().to_bytes_be();
    if merged.sign() == Sign::NoSign {
        return Ok(0);
    }
    if bytes.len() > len {
        return Err("the resulting address does not fit in the address space".into());
    }
    Ok(bytes.iter().fold(0u128, |acc, b| acc << 8 | u128::from(*b)))
}

pub fn cidrhost(a: &[Value]) -> Result<Value, String> {
    let mut num = whole(&a[1])?;
    let net = parse_cidr(&string(&a[0])?)?;
    let host_len = net.bits() - net.prefix;
    let max: BigInt = (BigInt::from(1) << host_len) - 1;
    // As go-cidr: the magnitude's low 64 bits, read as a signed 64-bit number.
    let mut magnitude = BigInt::from(low_u64(&num) as i64);
    if num.sign() == Sign::Minus {
        magnitude = -num.clone() - 1;
        num = &max - &magnitude;
    }
    if magnitude > max {
        return Err(format!("prefix of {} does not accommodate a host numbered {num}", net.prefix));
    }
    let width = if net.len == 4 || mapped(net.ip, net.len) { 32 } else { 128 };
    let ip = insert(net.ip, net.len, &num, width)?;
    Ok(Value::String(ip_string(ip, net.len)))
}

pub fn cidrnetmask(a: &[Value]) -> Result<Value, String> {
    let s = string(&a[0])?;
    let net = parse_cidr(&s)?;
    if net.len == 16 && !mapped(net.ip, net.len) {
        return Err(format!("IPv6 addresses cannot have a netmask: {s}"));
    }
    Ok(Value::String(ip_string(mask(net.prefix, net.bits()), net.len)))
}

pub fn cidrsubnet(a: &[Value]) -> Result<Value, String> {
    let newbits = small(&a[1])?;
    let num = whole(&a[2])?;
    let net = parse_cidr(&string(&a[0])?)?;
    let prefix = i64::from(net.prefix) + newbits;
    if prefix > i64::from(net.bits()) {
        return Err(format!("insufficient address space to extend prefix of {} by {newbits}", net.prefix));
    }
    // Go: `uint64(1<<uint64(newBits)) - 1`, where a shift of 64 or more (a negative count
    // included) gives 0.
    let max = u64::try_from(newbits).ok().and_then(|n| 1u64.checked_shl(n as u32)).unwrap_or(0).wrapping_sub(1);
    if low_u64(&num) > max {
        return Err(format!("prefix extension of {newbits} does not accommodate a subnet numbered {num}"));
    }
    let ip = insert(net.ip, net.len, &num, prefix)?;
    // `prefix` is at most the address length here, and at least `newbits` below zero by
    // construction only when the network's prefix allows it.
    let shown = u32::try_from(prefix).map_err(|_| "the prefix length would be negative".to_string())?;
    Ok(Value::String(net_string(ip, net.len, shown)))
}

pub fn cidrsubnets(a: &[Value]) -> Result<Value, String> {
    let net = parse_cidr(&string(&a[0])?)?;
    if a.len() == 1 {
        return Ok(Value::list(Vec::new()));
    }
    if mapped(net.ip, net.len) {
        return Err("cidrsubnets of an IPv4 address in IPv6 form is not supported; write the IPv4 prefix".into());
    }
    let bits = net.bits();
    let start = i64::from(net.prefix);
    let first = small(&a[1])?.saturating_add(start);
    // go-cidr's PreviousSubnet: the subnet of length `first` just before the network.
    let mut current = match u32::try_from(first) {
        Ok(p) if p <= bits => Some((net.ip.wrapping_sub(1) & mask(p, bits) & mask(bits, bits), p)),
        _ => None,
    };
    let mut out = Vec::new();
    for v in &a[1..] {
        let length = small(v)?;
        if length < 1 {
            return Err("must extend prefix by at least one bit".into());
        }
        if length > 32 {
            return Err("may not extend prefix by more than 32 bits".into());
        }
        let length = length + start;
        if length > i64::from(bits) {
            let protocol = if bits == 32 { "IPv4" } else { "IPv6" };
            return Err(format!("would extend prefix to {length} bits, which is too long for an {protocol} address"));
        }
        let length = length as u32; // between 1 and `bits`, checked above
                                    // `current` is set: the first length was checked in the first iteration.
        let Some((ip, p)) = current else {
            return Err("must extend prefix by at least one bit".into());
        };
        let all = mask(bits, bits);
        let last = ip | (all & !mask(p, bits));
        let m = mask(length, bits);
        let end = ((last & m) | (all & !m)).wrapping_add(1) & all;
        let next = end & m;
        let contained = next & mask(net.prefix, bits) == net.ip;
        if end == 0 || !contained {
            return Err(format!(
                "not enough remaining address space for a subnet with a prefix of {length} bits after {}",
                net_string(ip, net.len, p)
            ));
        }
        current = Some((next, length));
        out.push(net_string(next, net.len, length));
    }
    Ok(strs(out))
}
