//! A bounds-checked reader over a byte slice that reports absolute offsets.
//! Every read returns `None` instead of panicking when the bytes run out.

#[derive(Clone, Copy, Debug)]
pub struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(bytes: &'a [u8]) -> Cursor<'a> {
        Cursor { bytes, pos: 0 }
    }
    /// A cursor over `bytes` starting at absolute offset `pos`.
    pub fn at(bytes: &'a [u8], pos: usize) -> Cursor<'a> {
        Cursor {
            bytes,
            pos: pos.min(bytes.len()),
        }
    }
    pub fn pos(&self) -> usize {
        self.pos
    }
    pub fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }
    /// The `n` bytes at the current position, advancing past them.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let out = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(out)
    }
    pub fn peek(&self, n: usize) -> Option<&'a [u8]> {
        self.bytes.get(self.pos..self.pos.checked_add(n)?)
    }
    /// The next `N` bytes as an array, advancing past them.
    pub fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N).and_then(|b| b.try_into().ok())
    }
    pub fn u8(&mut self) -> Option<u8> {
        self.array::<1>().map(|[b]| b)
    }
    pub fn u16(&mut self) -> Option<u16> {
        self.array().map(u16::from_be_bytes)
    }
    pub fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_be_bytes)
    }
    pub fn ipv4(&mut self) -> Option<std::net::Ipv4Addr> {
        self.u32().map(std::net::Ipv4Addr::from)
    }
    pub fn mac(&mut self) -> Option<[u8; 6]> {
        self.array()
    }
    /// Everything left, advancing to the end.
    pub fn rest(&mut self) -> &'a [u8] {
        let out = self.bytes.get(self.pos..).unwrap_or(&[]);
        self.pos = self.bytes.len();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_past_the_end_return_none_and_do_not_move() {
        let mut c = Cursor::new(&[1, 2, 3]);
        assert_eq!(c.u16(), Some(0x0102));
        assert_eq!(c.u16(), None);
        assert_eq!(c.pos(), 2);
        assert_eq!(c.u8(), Some(3));
        assert_eq!(c.take(usize::MAX), None);
    }
}
