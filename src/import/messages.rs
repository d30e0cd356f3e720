//! Everything the import says, in both languages: one catalogue. A reader builds a typed [`Why`]
//! with the data of the place (a record number, a token, an offset) and this file turns it into
//! the sentences the Inspector and `igmpwb` show. The pcap record faults' phrases
//! ([`RecordFault`]) and the names of places and formats are here too.

use super::capture::{RecordFault, MAX_RECORD};
use super::hexdump::MAX_PASTED_FRAME;
use super::{InputFormat, Location, TextFormat};
use crate::codec::Text;

/// Why the import reports a problem (its severity and place are the reader's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    // ----- capture files ------------------------------------------------------------------
    /// The bytes match no capture magic number and are not text.
    NotCaptureNorText,
    /// Text that stops being UTF-8 at byte `at`.
    NotUtf8 { at: usize },
    /// A pcap file shorter than its 24-byte header.
    PcapHeaderShort { len: usize },
    /// A pcap link type the dissector does not decode.
    UnknownLinkType { linktype: u32 },
    /// The file ends inside record `number`'s 16-byte header.
    RecordHeaderCut { number: usize, left: usize },
    /// Record `number`'s header fails libpcap's sanity checks; `next` is (bytes skipped, where
    /// the resynchroniser found the next plausible record), if it found one.
    RecordCorrupt {
        number: usize,
        at: usize,
        fault: RecordFault,
        next: Option<(usize, usize)>,
    },
    /// Record `number` needs more bytes than the file has left.
    RecordCut {
        number: usize,
        at: usize,
        incl: u32,
        left: usize,
    },
    /// The file ends inside a pcapng section header, before its byte-order magic.
    SectionHeaderCut { at: usize },
    /// A section header's byte-order magic is neither order.
    BadByteOrderMagic,
    /// The file ends inside a pcapng block header.
    BlockHeaderCut { at: usize },
    /// A pcapng block needs more bytes than the file has left.
    BlockCut { at: usize, len: usize, left: usize },
    /// A pcapng block whose length or trailer is wrong; `next` is where the next valid block is.
    BlockCorrupt {
        at: usize,
        block_type: u32,
        block_len: u32,
        next: Option<usize>,
    },
    /// A pcapng interface of a link type the dissector does not decode.
    InterfaceLinkUnknown { interface: usize, linktype: u32 },
    /// A packet block naming an interface no description block defined.
    UndefinedInterface {
        number: usize,
        at: usize,
        interface: usize,
    },
    /// A packet block claiming more captured bytes than it holds.
    PacketOverBlock {
        number: usize,
        at: usize,
        caplen: usize,
    },
    /// A read error of the file itself (streamed import).
    ReadFailed { error: String },
    /// The browser could not read the chosen file at all.
    NotRead { error: String },
    /// The import worker's batch of frames did not decode at byte `at` (a bug, not the file's).
    BadBatch { at: usize },

    // ----- pasted text --------------------------------------------------------------------
    /// No hex byte anywhere in the text.
    NoHexBytes,
    /// Mostly prose: only `digits` of `characters` read as hex.
    MostlyNotHex { digits: usize, characters: usize },
    /// A pasted frame longer than the largest IPv4 datagram, cut there.
    FrameTooLong { number: usize, len: usize },
    /// A frame read as the Linux cooked header its tcpdump summary line shows.
    LinkFromSummary {
        number: usize,
        link: crate::codec::LinkType,
    },
    /// Old tcpdump -X printed a tagged frame from its 802.1Q tag.
    StartsAtVlanTag { number: usize, id: u16, pcp: u16 },
    /// Several lines of one hex stream: read as one frame per line.
    OneFramePerLine { frames: usize },
    /// Several lines of one hex stream: read as one frame wrapped over the lines.
    OneFrameWrapped { lines: usize },
    /// A token that is not hex.
    NotHex { token: String },
    /// A token with an odd number of hex digits.
    OddDigits { token: String },
    /// A token with an odd number of hex digits whose last digit was dropped.
    OddDigitDropped { token: String, digits: usize },
    /// A bad character inside a hex stream: the frame stops before it.
    NotHexDigit { shown: String, kept: usize },
    /// An array item above 0xff.
    NotAByte { token: String },
    /// A character that cannot be part of a byte-array literal.
    NotInArray { ch: char },
    /// A byte array with no closing bracket.
    ArrayNotClosed,
    /// A line of an offset dump with no offset that no tool prints as a heading.
    LineWithoutOffset { text: String },
    /// An offset dump whose first offset is not 0.
    DumpNotAtZero { offset: usize },
    /// An offset smaller than the one before.
    OffsetBackwards { offset: usize, have: usize },
    /// An offset beyond the bytes read so far.
    OffsetSkips { offset: usize, have: usize },
    /// A line shorter than the next offset says.
    LineShort { holds: usize, expected: usize },
    /// A bad character ended a line's data: the frame keeps `have` bytes of `wire`.
    UnknownAfterTypo { from: usize, count: usize },
    /// A character that is not part of a Python bytes literal or expression.
    NotPython { ch: char },
    /// `\x` without two hex digits.
    BadHexEscape,
    /// A Python literal with no closing quote before the end.
    LiteralNotClosed,
    /// A one-line Python literal with no closing quote on its line.
    LiteralEndsWithLine,
    /// A non-ASCII character in a bytes literal.
    NonAsciiInBytes { ch: char },
    /// A non-ASCII character where bytes are read.
    NonAsciiChar { ch: char },
    /// An octal escape above one byte.
    OctalTooBig { value: u32 },
    /// An escape Python does not know (kept as a backslash).
    UnknownEscape { ch: char },
    /// `fromhex()` without a pair of hex digits.
    FromHexPairs,
}

impl Why {
    /// The sentence in both languages.
    pub fn text(&self) -> Text {
        let (en, ja) = match self {
            Why::NotCaptureNorText => (
                "This is neither a pcap/pcapng capture nor text: the first bytes match no known magic number.".to_string(),
                "pcap/pcapng キャプチャでもテキストでもありません。先頭のバイトがどのマジックナンバーとも一致しません。".to_string(),
            ),
            Why::NotUtf8 { at } => (
                format!("The text is not valid UTF-8 at byte {at}; only the text before it was read."),
                format!("バイト {at} で UTF-8 として不正です。それより前のテキストだけを読みました。"),
            ),
            Why::PcapHeaderShort { len } => (
                format!("The pcap file header needs 24 bytes; the file has {len}."),
                format!("pcap ファイルヘッダには 24 バイト必要ですが、ファイルは {len} バイトです。"),
            ),
            Why::UnknownLinkType { linktype } => (
                format!("Link type {linktype} is not one the workbench decodes (Ethernet 1, raw IPv4 101/228, Linux SLL 113, SLL2 276)."),
                format!("リンク種別 {linktype} は本ツールでは解析できません (Ethernet 1, raw IPv4 101/228, Linux SLL 113, SLL2 276)。"),
            ),
            Why::RecordHeaderCut { number, left } => (
                format!("The file ends inside the header of record {number} ({left} of 16 bytes); every whole frame before it was kept."),
                format!("レコード {number} のヘッダの途中でファイルが終わっています ({left} / 16 バイト)。それより前の完全なフレームはすべて保持しました。"),
            ),
            Why::RecordCorrupt { number, at, fault, next } => {
                let (why_en, why_ja) = fault_text(*fault);
                let (then_en, then_ja) = match next {
                    Some((skipped, next_at)) => (
                        format!("Skipped {skipped} bytes to the next plausible record at byte {next_at}, found by resynchronising."),
                        format!("再同期で見つけた次の妥当なレコード (バイト {next_at}) まで {skipped} バイトを飛ばしました。"),
                    ),
                    None => (
                        "No later record could be found.".to_string(),
                        "以降に妥当なレコードは見つかりませんでした。".to_string(),
                    ),
                };
                (
                    format!("Record {number} at byte {at} is corrupt: {why_en}. {then_en}"),
                    format!("バイト {at} のレコード {number} が壊れています: {why_ja}。 {then_ja}"),
                )
            }
            Why::RecordCut { number, at, incl, left } => (
                format!("Record {number} at byte {at} is cut off: it needs {incl} bytes, the file has {left} left. Every whole frame before it was kept."),
                format!("バイト {at} のレコード {number} が途中で切れています ({incl} バイト必要、残り {left} バイト)。それより前の完全なフレームはすべて保持しました。"),
            ),
            Why::SectionHeaderCut { at } => (
                format!("The file ends inside the section header at byte {at}, before its byte-order magic; every whole frame before it was kept."),
                format!("バイト {at} のセクションヘッダの途中 (バイト順マジックの前) でファイルが終わっています。それより前の完全なフレームはすべて保持しました。"),
            ),
            Why::BadByteOrderMagic => (
                "The section header's byte-order magic is neither 0x1a2b3c4d nor its reverse.".to_string(),
                "セクションヘッダのバイト順マジックが 0x1a2b3c4d でもその逆でもありません。".to_string(),
            ),
            Why::BlockHeaderCut { at } => (
                format!("The file ends inside a block header at byte {at}; every whole frame before it was kept."),
                format!("バイト {at} のブロックヘッダの途中でファイルが終わっています。それより前の完全なフレームはすべて保持しました。"),
            ),
            Why::BlockCut { at, len, left } => (
                format!("Block at byte {at} is cut off: it needs {len} bytes, the file has {left} left. Every whole frame before it was kept."),
                format!("バイト {at} のブロックが途中で切れています ({len} バイト必要、残り {left} バイト)。それより前の完全なフレームはすべて保持しました。"),
            ),
            Why::BlockCorrupt { at, block_type, block_len, next } => {
                let (then_en, then_ja) = match next {
                    Some(n) => (
                        format!("Skipped to the next valid block at byte {n}."),
                        format!("次の正しいブロック (バイト {n}) まで飛ばしました。"),
                    ),
                    None => (
                        "No later block could be found.".to_string(),
                        "以降に正しいブロックは見つかりませんでした。".to_string(),
                    ),
                };
                (
                    format!("Block at byte {at} is corrupt (type {block_type:#x}, length {block_len}). {then_en}"),
                    format!("バイト {at} のブロックが壊れています (種別 {block_type:#x}, 長さ {block_len})。 {then_ja}"),
                )
            }
            Why::InterfaceLinkUnknown { interface, linktype } => (
                format!("Interface {interface} has link type {linktype}, which the workbench does not decode; its packets are skipped."),
                format!("インターフェース {interface} のリンク種別 {linktype} は解析できないため、そのパケットは飛ばします。"),
            ),
            Why::UndefinedInterface { number, at, interface } => (
                format!("Packet {number} at byte {at} names interface {interface}, which no Interface Description Block defined."),
                format!("バイト {at} のパケット {number} はインターフェース {interface} を指していますが、定義されていません。"),
            ),
            Why::PacketOverBlock { number, at, caplen } => (
                format!("Packet {number} at byte {at} claims {caplen} captured bytes, more than its block holds."),
                format!("バイト {at} のパケット {number} はキャプチャ長 {caplen} バイトを示していますが、ブロックに収まりません。"),
            ),
            Why::ReadFailed { error } => (
                format!("The file could not be read further: {error}."),
                format!("ファイルをこれ以上読めません: {error}。"),
            ),
            Why::NotRead { error } => (
                format!("The file could not be read: {error}."),
                format!("ファイルを読み込めませんでした: {error}。"),
            ),
            Why::BadBatch { at } => (
                format!("The import worker sent a malformed batch (byte {at}); the frames after it are missing."),
                format!("インポートワーカーから壊れたバッチが届きました (バイト {at})。以降のフレームは読み込まれていません。"),
            ),
            Why::NoHexBytes => (
                "No hex bytes found in the text.".to_string(),
                "テキストに 16 進数のバイトが見つかりません。".to_string(),
            ),
            Why::MostlyNotHex { digits, characters } => (
                format!("This text is mostly not hex: only {digits} of its {characters} characters read as hex bytes, so nothing was imported. Paste a hex dump, a hex stream or a byte array."),
                format!("このテキストの大半は 16 進数ではありません。{characters} 文字のうち 16 進数のバイトとして読めたのは {digits} 文字だけなので、何も読み込んでいません。16 進ダンプ、16 進数の列、またはバイト配列を貼り付けてください。"),
            ),
            Why::FrameTooLong { number, len } => (
                format!("Frame {number} is {len} bytes long, more than the largest IPv4 datagram ({MAX_PASTED_FRAME} bytes): it was cut there."),
                format!("フレーム {number} は {len} バイトあり、IPv4 データグラムの最大長 ({MAX_PASTED_FRAME} バイト) を超えるため、そこで切りました。"),
            ),
            Why::StartsAtVlanTag { number, id, pcp } => (
                format!("Frame {number} starts at an 802.1Q tag (VLAN {id}, priority {pcp}), as old tcpdump -X printed tagged frames: it is read as raw IPv4 from its 5th byte."),
                format!("フレーム {number} は 802.1Q タグ (VLAN {id}、優先度 {pcp}) から始まっています (古い tcpdump -X の形式)。5 バイト目からの raw IPv4 として読みます。"),
            ),
            Why::LinkFromSummary { number, link } => {
                let name = if *link == crate::codec::LinkType::LinuxSll2 {
                    "Linux cooked v2 (SLL2)"
                } else {
                    "Linux cooked v1 (SLL)"
                };
                (
                    format!("Frame {number} is read as {name}: its tcpdump summary line shows the interface and the direction, as tcpdump -i any prints them."),
                    format!("フレーム {number} は {name} として読みます。tcpdump の要約行に、tcpdump -i any が出力するインターフェースと方向があります。"),
                )
            }
            Why::OneFramePerLine { frames } => (
                format!("Read as {frames} frames, one per line: the first line already holds a whole frame by the lengths its headers declare."),
                format!("1 行に 1 フレームとして {frames} フレームを読みました。最初の行だけで、ヘッダが示す長さのフレームがそろっています。"),
            ),
            Why::OneFrameWrapped { lines } => (
                format!("Read as one frame wrapped over {lines} lines (as xxd -p prints it): the first line alone is shorter than its headers declare."),
                format!("{lines} 行に折り返された 1 フレームとして読みました (xxd -p の形式)。最初の行だけでは、ヘッダが示す長さに足りません。"),
            ),
            Why::NotHex { token } => (
                format!("{token:?} is not hex."),
                format!("{token:?} は 16 進数ではありません。"),
            ),
            Why::OddDigits { token } => (
                format!("{token:?} has an odd number of hex digits."),
                format!("{token:?} の 16 進数の桁数が奇数です。"),
            ),
            Why::OddDigitDropped { token, digits } => (
                format!("{token:?} has an odd number of hex digits ({digits}); the last digit was dropped."),
                format!("{token:?} の 16 進数の桁数 ({digits}) が奇数です。最後の 1 桁は捨てました。"),
            ),
            Why::NotHexDigit { shown, kept } => (
                format!("{shown:?} is not a hex digit. This frame was read up to it ({kept} bytes); the rest of it was not read."),
                format!("{shown:?} は 16 進数の数字ではありません。このフレームはその手前まで ({kept} バイト) 読み、残りは読んでいません。"),
            ),
            Why::NotAByte { token } => (
                format!("{token:?} is not a byte (0x00 to 0xff)."),
                format!("{token:?} はバイト値 (0x00〜0xff) ではありません。"),
            ),
            Why::NotInArray { ch } => (
                format!("{ch:?} is not part of a byte array: items are 0x00 to 0xff, separated by commas."),
                format!("{ch:?} はバイト配列の一部ではありません。要素は 0x00〜0xff をカンマで区切って書きます。"),
            ),
            Why::ArrayNotClosed => (
                "The array is not closed; its bytes were kept.".to_string(),
                "配列が閉じられていません。読み取れたバイトは保持しました。".to_string(),
            ),
            Why::LineWithoutOffset { text } => (
                format!("This line has no offset and is not a tool's header line: {text:?} was not read."),
                format!("この行にはオフセットがなく、ツールの見出し行でもありません: {text:?} は読んでいません。"),
            ),
            Why::DumpNotAtZero { offset } => (
                format!("This dump starts at offset {offset:#x}, not 0; the bytes are kept as a frame of their own."),
                format!("このダンプはオフセット 0 ではなく {offset:#x} から始まっています。バイトは独立したフレームとして保持します。"),
            ),
            Why::OffsetBackwards { offset, have } => (
                format!("Offset {offset:#x} goes backwards: {have} bytes were read before this line."),
                format!("オフセット {offset:#x} が後戻りしています。この行より前に {have} バイト読みました。"),
            ),
            Why::OffsetSkips { offset, have } => (
                format!("Offset {offset:#x} skips ahead: only {have} bytes were read before this line; the gap is not filled."),
                format!("オフセット {offset:#x} が飛んでいます。この行より前に {have} バイトしか読んでいません。隙間は埋めません。"),
            ),
            Why::LineShort { holds, expected } => (
                format!("This line holds {holds} bytes, but the next offset says {expected}."),
                format!("この行は {holds} バイトですが、次のオフセットからは {expected} バイトのはずです。"),
            ),
            Why::UnknownAfterTypo { from, count } => {
                let to = from.saturating_add(*count).saturating_sub(1);
                (
                    format!("Bytes {from}–{to} ({count}) are unknown: this line's data stops at the bad character; the offsets keep the other bytes in place."),
                    format!("バイト {from}–{to} ({count} バイト) は不明です。この行のデータは不正な文字で途切れています。ほかのバイトはオフセットにより正しい位置にあります。"),
                )
            }
            Why::NotPython { ch } => (
                format!("{ch:?} is not part of a Python bytes literal or expression."),
                format!("{ch:?} は Python の bytes リテラルや式の一部ではありません。"),
            ),
            Why::BadHexEscape => (
                "\\x must be followed by two hex digits.".to_string(),
                "\\x の後には 16 進数 2 桁が必要です。".to_string(),
            ),
            Why::LiteralNotClosed => (
                "This literal is not closed; its bytes up to the end were kept.".to_string(),
                "このリテラルは閉じていません。末尾までのバイトは保持しました。".to_string(),
            ),
            Why::LiteralEndsWithLine => (
                "This literal ends with the line, without its closing quote; its bytes were kept.".to_string(),
                "このリテラルは閉じ引用符がないまま行が終わっています。バイトは保持しました。".to_string(),
            ),
            Why::NonAsciiInBytes { ch } => (
                format!("{ch:?}: a bytes literal holds only ASCII characters."),
                format!("{ch:?}: bytes リテラルには ASCII 文字しか書けません。"),
            ),
            Why::NonAsciiChar { ch } => (
                format!("{ch:?} is not a byte: only ASCII characters can be read as bytes."),
                format!("{ch:?} はバイトではありません。バイトとして読めるのは ASCII 文字だけです。"),
            ),
            Why::OctalTooBig { value } => (
                format!("The octal escape \\{value:o} is above \\377 (one byte)."),
                format!("8 進エスケープ \\{value:o} が 1 バイト (\\377) を超えています。"),
            ),
            Why::UnknownEscape { ch } => (
                format!("\\{ch} is not an escape; as in Python, the backslash was kept."),
                format!("\\{ch} はエスケープではありません。Python と同じくバックスラッシュを残しました。"),
            ),
            Why::FromHexPairs => (
                "fromhex() needs pairs of hex digits here; the rest of its argument was not read.".to_string(),
                "fromhex() にはここで 16 進数 2 桁の組が必要です。引数の残りは読んでいません。".to_string(),
            ),
        };
        Text { en, ja }
    }
}

/// Why a pcap record header cannot be a frame, as a phrase inside [`Why::RecordCorrupt`].
fn fault_text(fault: RecordFault) -> (String, String) {
    match fault {
        RecordFault::Fraction(f) => (
            format!("its fraction of a second ({f}) is out of range"),
            format!("秒の小数部 ({f}) が範囲外です"),
        ),
        RecordFault::CaplenOverSnaplen { incl, limit } => (
            format!("captured length {incl} is more than the snapshot length allows ({limit})"),
            format!("キャプチャ長 {incl} がスナップショット長の上限 ({limit}) を超えています"),
        ),
        RecordFault::LenOverMaximum(orig) => (
            format!(
                "original length {orig} is more than the largest snapshot length ({MAX_RECORD})"
            ),
            format!("元の長さ {orig} が最大スナップショット長 ({MAX_RECORD}) を超えています"),
        ),
        RecordFault::CaplenOverLen { incl, orig } => (
            format!("captured length {incl} is more than the original length {orig}"),
            format!("キャプチャ長 {incl} が元の長さ {orig} を超えています"),
        ),
    }
}

impl Location {
    /// The place, as the problem list names it.
    pub fn describe(&self) -> Text {
        match self {
            Location::Text { line, column } => Text::new(
                format!("line {line}, column {column}"),
                format!("{line} 行 {column} 列"),
            ),
            Location::File {
                offset,
                record: Some(r),
            } => Text::new(
                format!("record {} at byte {offset}", r.saturating_add(1)),
                format!("レコード {} (バイト {offset})", r.saturating_add(1)),
            ),
            Location::File {
                offset,
                record: None,
            } => Text::new(format!("byte {offset}"), format!("バイト {offset}")),
        }
    }
}

impl InputFormat {
    /// What the import recognised, as the status line says it.
    pub fn describe(&self) -> Text {
        match self {
            InputFormat::Pcap {
                nanosecond,
                big_endian,
            } => {
                let res = if *nanosecond { "ns" } else { "µs" };
                let order = if *big_endian {
                    "big-endian"
                } else {
                    "little-endian"
                };
                Text::same(format!("pcap ({order}, {res})"))
            }
            InputFormat::Pcapng => Text::same("pcapng"),
            InputFormat::Text(t) => {
                let (en, ja) = match t {
                    TextFormat::HexStream => ("hex stream", "16 進ストリーム"),
                    TextFormat::SeparatedBytes => ("separated hex bytes", "区切られた 16 進バイト"),
                    TextFormat::Tcpdump => ("tcpdump -x/-xx/-X output", "tcpdump -x/-xx/-X 出力"),
                    TextFormat::OffsetDump => (
                        "offset hex dump (Wireshark, od, tshark, Scapy)",
                        "オフセット付き 16 進ダンプ (Wireshark, od, tshark, Scapy)",
                    ),
                    TextFormat::Xxd => ("xxd output", "xxd 出力"),
                    TextFormat::HexdumpC => ("hexdump -C output", "hexdump -C 出力"),
                    TextFormat::ArrayLiteral => (
                        "byte-array literal (C, Rust, JavaScript)",
                        "バイト配列リテラル (C, Rust, JavaScript)",
                    ),
                    TextFormat::PythonBytes => ("Python bytes literal", "Python bytes リテラル"),
                    TextFormat::TsharkVerbose => ("tshark -V -x output", "tshark -V -x 出力"),
                };
                Text::new(en, ja)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sentence of the catalogue is written in both languages, and the Japanese one is not
    /// the English one left untranslated.
    #[test]
    fn every_reason_reads_in_both_languages() {
        let token = || "0x1g".to_string();
        let all = [
            Why::NotCaptureNorText,
            Why::NotUtf8 { at: 3 },
            Why::PcapHeaderShort { len: 5 },
            Why::UnknownLinkType { linktype: 9 },
            Why::RecordHeaderCut { number: 2, left: 3 },
            Why::RecordCorrupt {
                number: 6,
                at: 100,
                fault: RecordFault::CaplenOverLen { incl: 9, orig: 1 },
                next: Some((16, 116)),
            },
            Why::RecordCorrupt {
                number: 6,
                at: 100,
                fault: RecordFault::Fraction(2_000_000),
                next: None,
            },
            Why::RecordCut {
                number: 1,
                at: 24,
                incl: 60,
                left: 3,
            },
            Why::SectionHeaderCut { at: 0 },
            Why::BadByteOrderMagic,
            Why::BlockHeaderCut { at: 28 },
            Why::BlockCut {
                at: 28,
                len: 64,
                left: 9,
            },
            Why::BlockCorrupt {
                at: 28,
                block_type: 6,
                block_len: 13,
                next: Some(92),
            },
            Why::InterfaceLinkUnknown {
                interface: 0,
                linktype: 9,
            },
            Why::UndefinedInterface {
                number: 1,
                at: 28,
                interface: 4,
            },
            Why::PacketOverBlock {
                number: 1,
                at: 28,
                caplen: 999,
            },
            Why::ReadFailed {
                error: "gone".into(),
            },
            Why::NotRead {
                error: "NotFoundError".into(),
            },
            Why::BadBatch { at: 9 },
            Why::NoHexBytes,
            Why::MostlyNotHex {
                digits: 4,
                characters: 90,
            },
            Why::FrameTooLong {
                number: 1,
                len: 70_000,
            },
            Why::StartsAtVlanTag {
                number: 1,
                id: 5,
                pcp: 0,
            },
            Why::LinkFromSummary {
                number: 1,
                link: crate::codec::LinkType::LinuxSll2,
            },
            Why::OneFramePerLine { frames: 3 },
            Why::OneFrameWrapped { lines: 3 },
            Why::NotHex { token: token() },
            Why::OddDigits { token: token() },
            Why::OddDigitDropped {
                token: token(),
                digits: 3,
            },
            Why::NotHexDigit {
                shown: "g".into(),
                kept: 4,
            },
            Why::NotAByte { token: token() },
            Why::NotInArray { ch: '@' },
            Why::ArrayNotClosed,
            Why::LineWithoutOffset { text: token() },
            Why::DumpNotAtZero { offset: 16 },
            Why::OffsetBackwards {
                offset: 0,
                have: 32,
            },
            Why::OffsetSkips {
                offset: 64,
                have: 32,
            },
            Why::LineShort {
                holds: 8,
                expected: 16,
            },
            Why::UnknownAfterTypo { from: 32, count: 4 },
            Why::NotPython { ch: '@' },
            Why::BadHexEscape,
            Why::LiteralNotClosed,
            Why::LiteralEndsWithLine,
            Why::NonAsciiInBytes { ch: 'é' },
            Why::NonAsciiChar { ch: 'é' },
            Why::OctalTooBig { value: 0o777 },
            Why::UnknownEscape { ch: 'q' },
            Why::FromHexPairs,
        ];
        for why in all {
            let t = why.text();
            assert!(t.en.ends_with('.'), "{why:?}: {}", t.en);
            assert!(
                t.ja.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
                "{why:?}: {}",
                t.ja
            );
        }
        let kept = Why::UnknownAfterTypo { from: 32, count: 4 }.text();
        assert!(
            kept.en.contains("Bytes 32–35 (4) are unknown")
                && kept.ja.contains("バイト 32–35 (4 バイト)")
        );
    }
}
