//! The one translation table: every visible string of the UI goes through [`t`].

use crate::codec::Lang;

/// (key, English, Japanese)
const TABLE: &[(&str, &str, &str)] = &[
    ("app.title", "IGMP Workbench", "IGMP ワークベンチ"),
    ("app.tagline", "Decode, build and simulate IGMP — offline, in your browser", "IGMP の解析・作成・シミュレーション — ブラウザだけでオフライン動作"),
    ("tab.inspector", "Inspector", "インスペクタ"),
    ("tab.builder", "Builder", "ビルダー"),
    ("tab.scenarios", "Scenarios", "シナリオ"),
    ("tab.about", "About", "このツールについて"),
    ("lang.label", "Language", "言語"),
    ("large_text", "Large text", "大きな文字"),
    ("footer.version", "IGMP Workbench version", "IGMP ワークベンチ バージョン"),
    ("footer.offline", "Runs entirely in your browser: nothing is sent anywhere.", "すべてブラウザ内で動作し、どこにもデータを送信しません。"),
    ("inspector.paste", "Paste a hex dump (any common format) or drop a pcap/pcapng file anywhere on the page", "16 進ダンプ (一般的な形式すべて) を貼り付けるか、pcap/pcapng ファイルをページにドロップしてください"),
    ("inspector.open", "Open capture or text file", "キャプチャ/テキストファイルを開く"),
    ("inspector.samples", "Samples", "サンプル"),
    ("inspector.packets", "Packets", "パケット一覧"),
    ("inspector.fields", "Field tree", "フィールドツリー"),
    ("inspector.hex", "Bytes", "バイト"),
    ("inspector.no_frame", "No frame selected. Paste bytes, open a file or pick a sample.", "フレームが選択されていません。バイトを貼り付けるか、ファイルを開くか、サンプルを選んでください。"),
    ("inspector.filter", "Filter: igmp.maddr == 224.1.1.1, ip.src == 10.0.0.1 && !arp, or words: v3, leave, problems", "フィルタ: igmp.maddr == 224.1.1.1、ip.src == 10.0.0.1 && !arp、または v3・leave・問題 などの語"),
    ("inspector.filter_column", "Filter error at column", "フィルタの誤り: 列"),
    ("inspector.igmp_only", "IGMP only", "IGMP のみ"),
    ("inspector.igmp_only_hint", "Hide ARP, UDP, TCP, IPv6 and other frames that are not IGMP", "ARP・UDP・TCP・IPv6 など IGMP 以外のフレームを隠す"),
    ("inspector.hidden", "hidden", "件を非表示"),
    ("inspector.apply_as_filter", "Apply as filter", "フィルタとして適用"),
    ("inspector.detected", "Detected", "検出した形式"),
    ("inspector.frames", "frames", "フレーム"),
    ("inspector.no_input", "Nothing imported yet.", "まだ何も読み込んでいません。"),
    ("inspector.loading", "Loading", "読み込み中"),
    ("tree.expand", "Expand", "展開:"),
    ("tree.collapse", "Collapse", "折りたたむ:"),
    ("inspector.goto", "Go to No.", "番号へ移動"),
    ("inspector.goto_hint", "Ctrl+G: type a packet number and press Enter (/ goes to the filter)", "Ctrl+G: パケット番号を入力して Enter (/ でフィルタへ)"),
    ("copy.copied", "Copied to the clipboard.", "クリップボードにコピーしました。"),
    ("copy.link_copied", "Link copied to the clipboard.", "リンクをクリップボードにコピーしました。"),
    ("copy.failed", "The browser did not allow copying: select the text below and copy it.", "ブラウザーがコピーを許可しませんでした。下のテキストを選択してコピーしてください。"),
    ("inspector.cancel", "Cancel", "キャンセル"),
    ("inspector.diagnostics", "Diagnostics", "診断"),
    ("inspector.diag_count", "problem(s): each is shown on the field it concerns in the tree, in red (error), amber (warning) or grey (info).", "件の問題: それぞれツリーの該当フィールドに表示しています (赤: エラー、黄: 警告、灰: 情報)。"),
    ("inspector.export_pcap", "All as pcap", "すべて pcap で保存"),
    ("inspector.export_pcapng", "All as pcapng", "すべて pcapng で保存"),
    ("inspector.export_selected", "Selected as pcap", "選択中を pcap で保存"),
    ("inspector.export_selected_hint", "The selected frame, or the rows marked with Ctrl-click or Shift-click", "選択中のフレーム、または Ctrl/Shift クリックで選んだ行"),
    ("inspector.copy_as", "Copy frame as…", "フレームをコピー…"),
    ("inspector.copy.hex", "hex stream", "16 進ストリーム"),
    ("inspector.copy.offset", "offset hex dump", "オフセット付きダンプ"),
    ("inspector.copy.c", "C array", "C 配列"),
    ("inspector.no_diagnostics", "No problems found: the frame follows the RFCs.", "問題は見つかりませんでした。フレームは RFC に従っています。"),
    ("col.no", "No.", "番号"),
    ("col.time", "Time", "時刻"),
    ("col.src", "Source", "送信元"),
    ("col.dst", "Destination", "宛先"),
    ("col.ver", "Ver", "版"),
    ("col.type", "Type", "種別"),
    ("col.group", "Group", "グループ"),
    ("col.summary", "Summary (tcpdump)", "概要 (tcpdump)"),
    ("mac.title", "Multicast IP → MAC mapping", "マルチキャスト IP → MAC 対応"),
    ("mac.group", "Group address or MAC", "グループアドレスまたは MAC"),
    ("mac.group_field", "The group field", "グループフィールド"),
    ("mac.frame_ip_dst", "This frame: IP destination", "このフレーム: IP 宛先"),
    ("mac.frame_mac", "destination MAC", "宛先 MAC"),
    ("mac.agrees", "they agree.", "一致しています。"),
    ("mac.differs", "they differ: the NICs of the group will not take this frame.", "一致しません: グループの NIC はこのフレームを受け取りません。"),
    ("mac.groups_of_mac", "The 32 group addresses that map to this MAC", "この MAC に対応する 32 個のグループアドレス"),
    ("mac.not_multicast_mac", "Not an IPv4 multicast MAC: those start with 01:00:5e and the next bit is 0 (01:00:5e:00:00:00 to 01:00:5e:7f:ff:ff).", "IPv4 マルチキャスト MAC ではありません: 01:00:5e で始まり、次のビットが 0 のもの (01:00:5e:00:00:00〜01:00:5e:7f:ff:ff) です。"),
    ("mac.binary", "In binary (the 5 struck bits do not reach the MAC)", "2 進表記 (取り消し線の 5 ビットは MAC に入りません)"),
    ("mac.result", "Ethernet MAC", "Ethernet MAC"),
    ("mac.aliases", "The 32 group addresses that share this MAC", "この MAC を共有する 32 個のグループアドレス"),
    ("mac.note", "A host's NIC also receives the other 31 groups' traffic and must filter by IP destination; a snooping switch that keys on MACs cannot tell these groups apart (RFC 1112 §6.4, RFC 4541 §2.1.2).", "ホストの NIC は他の 31 グループの通信も受け取るため、IP 宛先で選別しなければなりません。MAC で判断するスヌーピングスイッチはこれらのグループを区別できません (RFC 1112 §6.4, RFC 4541 §2.1.2)。"),
    ("mac.invalid", "Neither an IPv4 multicast address (224.0.0.0/4) nor a MAC address.", "IPv4 マルチキャストアドレス (224.0.0.0/4) でも MAC アドレスでもありません。"),
    ("builder.message", "Message", "メッセージ"),
    ("builder.shared", "from a share link", "共有リンクから"),
    ("builder.hint", "Fields marked auto follow the RFCs; type a value to override one (wrong on purpose is fine: the diagnostics explain).", "auto のフィールドは RFC に従って自動設定されます。値を入力すると上書きできます (わざと間違えても診断が説明します)。"),
    ("builder.auto", "auto", "自動"),
    ("builder.use_auto", "use auto", "自動に戻す"),
    ("builder.records", "Group records", "グループレコード"),
    ("builder.sources", "sources, comma-separated", "送信元 (カンマ区切り)"),
    ("builder.aux", "aux data (hex)", "補助データ (16 進)"),
    ("builder.intent.join_any", "Join G from any source (TO_EX {})", "G にすべての送信元で参加 (TO_EX {})"),
    ("builder.intent.join_from", "Join G only from the sources (ALLOW, SSM)", "G に指定の送信元からのみ参加 (ALLOW, SSM)"),
    ("builder.intent.leave", "Leave G (TO_IN {})", "G から離脱 (TO_IN {})"),
    ("builder.intent.block", "Block the sources from G (BLOCK)", "G の指定送信元を遮断 (BLOCK)"),
    ("builder.add_record", "Add record", "レコードを追加"),
    ("builder.hex", "Frame (hex stream)", "フレーム (16 進ストリーム)"),
    ("builder.send", "Send to Inspector", "インスペクタへ送る"),
    ("builder.add", "Add to list", "リストに追加"),
    ("builder.export", "Download list as pcap", "リストを pcap でダウンロード"),
    ("builder.copy", "Copy hex", "16 進をコピー"),
    ("about.body", "IGMP Workbench decodes, builds and simulates IGMP. Everything runs in this page; nothing is fetched or sent.", "IGMP ワークベンチは IGMP を解析・作成・シミュレーションします。すべてこのページ内で動作し、何も取得・送信しません。"),
    ("about.rfcs", "Standards implemented", "実装している規格"),
    ("scen.pick", "Scenario", "シナリオ"),
    ("scen.custom", "custom (edited below)", "カスタム (下で編集)"),
    ("scen.back", "Back", "戻る"),
    ("scen.step", "Step", "進む"),
    ("scen.play", "▶ Play", "▶ 再生"),
    ("share.failed", "This share link could not be read, so nothing from it is shown:", "この共有リンクは読み込めなかったため、その内容は表示していません:"),
    ("share.dismiss", "Dismiss and start empty", "閉じて空の状態から始める"),
    ("scen.invalid", "This scenario cannot run:", "このシナリオは実行できません:"),
    ("scen.cancelled", "Cancelled: the trace shows what was simulated up to", "キャンセルしました。トレースはここまでのシミュレーション結果です:"),
    ("scen.running", "Simulating…", "シミュレーション中…"),
    ("scen.pause", "❚❚ Pause", "❚❚ 一時停止"),
    ("scen.speed", "Speed", "速度"),
    ("scen.time", "Time", "時刻"),
    ("scen.steps", "Step", "ステップ"),
    ("scen.seed", "Seed", "シード"),
    ("scen.timeline", "Timeline", "タイムライン"),
    ("scen.click_packet", "Click a packet to open it in the Inspector; click the axis to jump.", "パケットをクリックするとインスペクタで開きます。時間軸をクリックするとその時刻へ移動します。"),
    ("scen.topology", "Topology", "トポロジー"),
    ("scen.edit", "Edit and replay", "編集して再実行"),
    ("scen.add_host", "Add a host", "ホストを追加"),
    ("scen.robustness", "Robustness", "ロバストネス"),
    ("scen.lmqi", "Last Member Query Interval (s)", "最終メンバークエリ間隔 (秒)"),
    ("scen.export_pcap", "Download traffic (pcap)", "通信をダウンロード (pcap)"),
    ("scen.export_json", "Download scenario (JSON)", "シナリオをダウンロード (JSON)"),
    ("scen.share", "Share link", "共有リンク"),
    ("scen.apply", "Apply and replay", "適用して再実行"),
    ("scen.schedule", "Schedule:", "予定を追加:"),
    ("scen.do.join", "join", "参加"),
    ("scen.do.leave", "leave", "離脱"),
    ("scen.do.drop", "drop its next packet", "次のパケットを失う"),
    ("scen.do.down", "stop", "停止"),
    ("scen.do.up", "start again", "再起動"),
    ("scen.do.data", "send data", "データ送信"),
    ("scen.at", "at", "時刻"),
    ("scen.schedule_add", "Add and replay", "追加して再実行"),
    ("scen.node", "Node", "ノード"),
    ("scen.role", "Role", "役割"),
    ("scen.groups", "Groups", "グループ"),
    ("scen.timers", "Running timers", "動作中のタイマー"),
    ("role.querier", "Querier", "クエリア"),
    ("role.nonquerier", "Non-Querier", "非クエリア"),
    ("role.host", "Host", "ホスト"),
    ("role.switch", "Snooping switch", "スヌーピングスイッチ"),
    ("role.down", "Down", "停止中"),
    ("severity.error", "error", "エラー"),
    ("severity.warning", "warning", "警告"),
    ("severity.info", "info", "情報"),
];

/// The text for `key` in `lang`; the key itself if the table lacks it (a test checks none does).
pub fn t(lang: Lang, key: &str) -> &str {
    match TABLE.iter().find(|(k, _, _)| *k == key) {
        Some((_, en, ja)) => match lang {
            Lang::En => en,
            Lang::Ja => ja,
        },
        None => key,
    }
}

pub fn keys() -> impl Iterator<Item = &'static str> {
    TABLE.iter().map(|(k, _, _)| *k)
}

/// The RFCs the workbench implements, for the About panel.
pub const RFCS: &[(&str, &str)] = &[
    (
        "RFC 1112",
        "IGMPv1 (Appendix I), multicast MAC mapping (§6.4)",
    ),
    ("RFC 2236", "IGMPv2"),
    (
        "RFC 3376",
        "IGMPv3 (obsoleted by RFC 9776, same wire format)",
    ),
    ("RFC 9776", "IGMPv3, Internet Standard"),
    ("RFC 2113", "IP Router Alert option"),
    ("RFC 4286", "Multicast Router Discovery"),
    ("RFC 4541", "IGMP snooping considerations"),
    ("RFC 4604", "IGMPv3 for Source-Specific Multicast"),
    ("RFC 1071 / RFC 1624", "Internet checksum"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages_and_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for (k, en, ja) in TABLE {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!en.is_empty() && !ja.is_empty(), "{k}");
        }
    }
}
