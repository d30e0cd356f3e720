//! The one translation table: every visible string of the UI goes through [`t`].

use crate::codec::Lang;

/// The table as one text: (key, English, Japanese) triples joined by unit separators (U+001F)
/// and ended by record separators (U+001E). One string instead of 283 entries of three string
/// slices keeps 6.8 KB of pointers out of the wasm's data (about 2 KB gzipped); [`table`] splits
/// it once, on first use.
macro_rules! table {
    ($(($k:literal, $en:literal, $ja:literal)),* $(,)?) => {
        concat!($($k, "\u{1f}", $en, "\u{1f}", $ja, "\u{1e}"),*)
    };
}

const TABLE_TEXT: &str = table![
    ("app.title", "IGMP Workbench", "IGMP ワークベンチ"),
    ("app.tagline", "Decode, build and simulate IGMP — offline, in your browser", "IGMP の解析・作成・シミュレーション — ブラウザだけでオフライン動作"),
    ("tab.inspector", "Inspector", "インスペクタ"),
    ("tab.builder", "Builder", "ビルダー"),
    ("tab.scenarios", "Scenarios", "シナリオ"),
    ("tab.about", "About", "このツールについて"),
    ("lang.label", "Language", "言語"),
    ("lang.ja", "日本語", "日本語"),
    ("lang.en", "English", "English"),
    ("inspector.displayed", "Displayed: {shown} of {total}", "表示: {total} 件中 {shown} 件"),
    ("inspector.hidden_frame", "Frame {number} is hidden by the filter (or \"IGMP only\").", "フレーム {number} はフィルタ (または「IGMP のみ」) で隠れています。"),
    ("hex.unknown", "unknown: a typo in the paste", "不明: 貼り付けの誤字"),
    ("hex.cell", "byte {offset}: {value}, {name}", "バイト {offset}: {value}、{name}"),
    ("large_text", "Large text", "大きな文字"),
    ("footer.version", "IGMP Workbench version", "IGMP ワークベンチ バージョン"),
    ("footer.offline", "Runs entirely in your browser: nothing is sent anywhere.", "すべてブラウザ内で動作し、どこにもデータを送信しません。"),
    ("inspector.link", "Read as", "読み方"),
    ("builder.record", "Record", "レコード"),
    ("inspector.link.auto", "Auto", "自動"),
    ("inspector.link.ethernet", "Ethernet", "Ethernet"),
    ("inspector.link.sll", "Linux cooked v1 (SLL)", "Linux cooked v1 (SLL)"),
    ("inspector.link.sll2", "Linux cooked v2 (SLL2)", "Linux cooked v2 (SLL2)"),
    ("inspector.link.raw-ipv4", "Raw IPv4 (no link header)", "IPv4 (リンクヘッダなし)"),
    ("inspector.link.igmp", "IGMP message only (no IP header)", "IGMP メッセージのみ (IP ヘッダなし)"),
    ("inspector.link.auto_read", "Auto read it as", "自動判定の結果"),
    ("inspector.problem.go", "Show this place in the paste box", "貼り付け欄のこの位置を表示"),
    ("inspector.paste", "Paste a hex dump (any common format) or drop a pcap/pcapng file anywhere on the page", "16 進ダンプ (一般的な形式すべて) を貼り付けるか、pcap/pcapng ファイルをページにドロップしてください"),
    ("inspector.open", "Open capture or text file", "キャプチャ/テキストファイルを開く"),
    ("inspector.samples", "Samples", "サンプル"),
    ("inspector.packets", "Packets", "パケット一覧"),
    ("inspector.fields", "Field tree", "フィールドツリー"),
    ("inspector.hex", "Bytes", "バイト"),
    ("inspector.no_frame", "No frame selected. Paste bytes, open a file or pick a sample.", "フレームが選択されていません。バイトを貼り付けるか、ファイルを開くか、サンプルを選んでください。"),
    ("inspector.filter", "Filter: igmp.maddr == 224.1.1.1, ip.src == 10.0.0.1 && !arp, or words: v3, leave, problems", "フィルタ: igmp.maddr == 224.1.1.1、ip.src == 10.0.0.1 && !arp、または v3・leave・問題 などの語"),
    ("inspector.filter_column", "Filter error at column", "フィルタの誤り: 列"),
    ("inspector.igmp_only", "IGMP/MLD only", "IGMP/MLD のみ"),
    ("inspector.igmp_only_hint", "Hide ARP, UDP, TCP and other frames that are neither IGMP nor MLD", "ARP・UDP・TCP など IGMP・MLD 以外のフレームを隠す"),
    ("inspector.hidden", "hidden", "件を非表示"),
    ("inspector.apply_as_filter", "Apply as filter", "フィルタとして適用"),
    ("inspector.detected", "Detected", "検出した形式"),
    ("inspector.frames", "frames", "フレーム"),
    ("inspector.frame", "frame", "フレーム"),
    ("inspector.no_input", "Nothing imported yet.", "まだ何も読み込んでいません。"),
    ("inspector.loading", "Loading", "読み込み中"),
    ("tree.expand", "Expand", "展開:"),
    ("tree.collapse", "Collapse", "折りたたむ:"),
    ("inspector.filter_label", "Display filter", "表示フィルタ"),
    ("inspector.tree_label", "Decoded fields", "デコードしたフィールド"),
    ("inspector.bytes_label", "Frame bytes (arrows move; the byte chooses its field)", "フレームのバイト列 (矢印キーで移動し、そのバイトのフィールドを選択)"),
    ("inspector.goto", "Go to No.", "番号へ移動"),
    ("inspector.goto_hint", "Ctrl+G: type a packet number and press Enter (/ goes to the filter)", "Ctrl+G: パケット番号を入力して Enter (/ でフィルタへ)"),
    ("analysis.open", "Analyse capture", "キャプチャを分析"),
    ("analysis.open_hint", "Replay every IGMP frame through an RFC router model: queriers, members, findings", "すべての IGMP フレームを RFC のルータモデルで再生します: クエリア、メンバー、指摘"),
    ("analysis.at", "State at", "この時刻の状態"),
    ("analysis.no_querier", "none", "なし"),
    ("analysis.no_groups_now", "No group is forwarded at this moment.", "この時刻に転送中のグループはありません。"),
    ("analysis.members", "members", "メンバー"),
    ("analysis.running", "Analysing…", "分析中…"),
    ("analysis.title", "Analysis", "分析"),
    ("analysis.close", "Back to the packets", "パケット一覧に戻る"),
    ("analysis.timeline", "Who sent what, one lane per address", "アドレスごとの送信タイムライン"),
    ("analysis.membership", "Group membership", "グループのメンバーシップ"),
    ("analysis.findings", "Findings", "指摘"),
    ("analysis.no_findings", "No finding: every message follows the RFC rules checked.", "指摘はありません: すべてのメッセージが確認した RFC の規則に従っています。"),
    ("analysis.no_groups", "No group was joined in this capture.", "このキャプチャではグループへの参加がありません。"),
    ("analysis.frames", "Frames", "フレーム"),
    ("analysis.frames_total", "frames", "フレーム"),
    ("analysis.frame_total", "frame", "フレーム"),
    ("analysis.querier_spans", "querier periods", "クエリア期間"),
    ("analysis.open_frame", "Open frame", "フレームを開く"),
    ("analysis.present", "forwarded", "転送中"),
    ("analysis.role.querier", "querier", "クエリア"),
    ("analysis.role.switch-querier", "switch querier", "スイッチのクエリア"),
    ("analysis.role.router", "router", "ルータ"),
    ("analysis.role.host", "host", "ホスト"),
    ("analysis.ended.leave", "ended by a leave", "脱退で終了"),
    ("analysis.ended.timeout", "timed out", "タイムアウト"),
    ("analysis.ended.capture-end", "still present at the end of the capture", "キャプチャの終わりまで継続"),
    ("copy.copied", "Copied to the clipboard.", "クリップボードにコピーしました。"),
    ("copy.link_copied", "Link copied to the clipboard.", "リンクをクリップボードにコピーしました。"),
    ("copy.failed", "The browser did not allow copying: select the text below and copy it.", "ブラウザーがコピーを許可しませんでした。下のテキストを選択してコピーしてください。"),
    ("inspector.cancel", "Cancel", "キャンセル"),
    ("inspector.diagnostics", "Diagnostics", "診断"),
    ("inspector.diag_count", "problem(s): each is shown on the field it concerns in the tree, in red (error), amber (warning) or grey (info).", "件の問題: それぞれツリーの該当フィールドに表示しています (赤: エラー、黄: 警告、灰: 情報)。"),
    ("inspector.export_pcap", "All as pcap", "すべて pcap で保存"),
    ("inspector.export_pcapng", "All as pcapng", "すべて pcapng で保存"),
    ("inspector.export_selected", "Selected as pcap", "選択中を pcap で保存"),
    ("inspector.export_displayed", "Displayed as pcap", "表示中を pcap で保存"),
    ("inspector.export_displayed_ng", "Displayed as pcapng", "表示中を pcapng で保存"),
    ("inspector.export_selected_hint", "The selected frame, or the rows marked with Ctrl-click or Shift-click", "選択中のフレーム、または Ctrl/Shift クリックで選んだ行"),
    ("inspector.copy_as", "Copy frame as…", "フレームをコピー…"),
    ("inspector.copy.hex", "hex stream", "16 進ストリーム"),
    ("inspector.copy.offset", "offset hex dump", "オフセット付きダンプ"),
    ("inspector.copy.c", "C array", "C 配列"),
    ("inspector.no_diagnostics", "No problems found: the frame follows the RFCs.", "問題は見つかりませんでした。フレームは RFC に従っています。"),
    ("col.no", "No.", "番号"),
    ("col.time", "Time", "時刻"),
    ("time.format", "Time display", "時刻の表示"),
    ("inspector.filtering", "Filtering", "フィルタ適用中"),
    ("inspector.stop", "Stop", "中止"),
    ("inspector.show_frame", "Show it (clear the filter)", "表示する (フィルタを解除)"),
    ("time.utc", "UTC", "UTC"),
    ("time.local", "Local time", "ローカル時刻"),
    ("time.relative", "Since first (s)", "最初から (秒)"),
    ("time.delta", "Since previous (s)", "前から (秒)"),
    ("time.delta-displayed", "Since previous shown (s)", "前の表示から (秒)"),
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
    ("tree.more_above", "fields above are not drawn: choose a byte above in the hex pane, or move up with the arrows, to go there", "個のフィールドは上にあり表示していません。16 進表示で上のバイトを選ぶか、矢印キーで上へ移動してください"),
    ("tree.more_below", "fields below are not drawn: choose a byte below in the hex pane, or move down with the arrows, to go there", "個のフィールドは下にあり表示していません。16 進表示で下のバイトを選ぶか、矢印キーで下へ移動してください"),
    ("builder.hex_more", "more bytes are not shown here: Copy hex and the exports give the whole frame", "バイトはここに表示していません。「16 進をコピー」とエクスポートはフレーム全体を出力します"),
    ("analysis.messages", "messages", "メッセージ"),
    ("analysis.zoom_in", "Zoom in", "拡大"),
    ("analysis.zoom_out", "Zoom out", "縮小"),
    ("analysis.earlier", "Earlier", "前へ"),
    ("analysis.later", "Later", "後へ"),
    ("analysis.whole", "Whole capture", "キャプチャ全体"),
    ("analysis.window", "{from}–{to} s: {in} of {all} messages, drawn as {marks} marks (a larger mark stands for several messages of one lane close in time; its tooltip names them)", "{from}–{to} 秒: {all} 件中 {in} 件のメッセージを {marks} 個の印で表示 (大きい印は同じレーンで時刻の近い複数のメッセージをまとめたもの。ツールチップにその内訳)"),
    ("analysis.not_drawn", "The {n} messages after the first {max} are analysed but not drawn.", "最初の {max} 件より後の {n} 件のメッセージは分析済みですが、表示していません。"),
    ("analysis.page.lanes", "Lanes {first}–{last} of {total}", "レーン: {total} 件中 {first}–{last} 件"),
    ("analysis.page.groups", "Groups {first}–{last} of {total}", "グループ: {total} 件中 {first}–{last} 件"),
    ("analysis.page.findings", "Findings {first}–{last} of {total}", "指摘: {total} 件中 {first}–{last} 件"),
    ("analysis.page.prev", "Previous", "前のページ"),
    ("analysis.page.next", "Next", "次のページ"),
    ("analysis.intervals", "intervals less than a pixel apart", "区間 (1 ピクセル未満の間隔で連続)"),
    ("mac.binary_of_mac", "In binary: a group is 1110 and 28 bits; this MAC carries the low 23 after 01:00:5e and a 0 bit, so the 5 bits marked x can be anything: 2⁵ = 32 groups (RFC 1112 §6.4)", "2 進表記: グループは 1110 と 28 ビットです。この MAC は 01:00:5e と 0 のビットの後に下位 23 ビットだけを持つため、x の 5 ビットは何でもよく、2⁵ = 32 個のグループになります (RFC 1112 §6.4)"),
    ("mac.groups_of_mac", "The 32 group addresses that map to this MAC", "この MAC に対応する 32 個のグループアドレス"),
    ("mac.not_multicast_mac", "Not a multicast MAC of IP: IPv4's start with 01:00:5e and the next bit is 0 (01:00:5e:00:00:00 to 01:00:5e:7f:ff:ff); IPv6's start with 33:33 (RFC 2464 §7).", "IP のマルチキャスト MAC ではありません: IPv4 のものは 01:00:5e で始まり、次のビットが 0 (01:00:5e:00:00:00〜01:00:5e:7f:ff:ff)、IPv6 のものは 33:33 で始まります (RFC 2464 §7)。"),
    ("mac.binary", "In binary: after its fixed 1110 a group has 28 bits, and the MAC has room for its low 23 only, after 01:00:5e and a 0 bit; the 5 struck bits are lost (RFC 1112 §6.4)", "2 進表記: グループは先頭の 1110 の後に 28 ビットありますが、MAC には 01:00:5e と 0 のビットの後に下位 23 ビットしか入りません。取り消し線の 5 ビットは失われます (RFC 1112 §6.4)"),
    ("mac.unicast", "A unicast or broadcast IPv4 address, not a group: it has no group MAC. A frame to it carries the MAC of the interface it names, found by ARP (RFC 826); groups are 224.0.0.0/4, the addresses that begin with 1110 (RFC 1112 §4).", "ユニキャストまたはブロードキャストの IPv4 アドレスで、グループではないため、グループの MAC はありません。このアドレス宛てのフレームには、そのアドレスを持つインターフェースの MAC (ARP で調べたもの、RFC 826) が入ります。グループは先頭が 1110 の 224.0.0.0/4 です (RFC 1112 §4)。"),
    ("mac.result", "Ethernet MAC", "Ethernet MAC"),
    ("mac.aliases", "The 32 group addresses that share this MAC", "この MAC を共有する 32 個のグループアドレス"),
    ("mac.note", "A host's NIC also receives the other 31 groups' traffic and must filter by IP destination; a snooping switch that keys on MACs cannot tell these groups apart (RFC 1112 §6.4, RFC 4541 §2.1.2).", "ホストの NIC は他の 31 グループの通信も受け取るため、IP 宛先で選別しなければなりません。MAC で判断するスヌーピングスイッチはこれらのグループを区別できません (RFC 1112 §6.4, RFC 4541 §2.1.2)。"),
    ("mac.invalid", "Neither an IP address (a group: IPv4 224.0.0.0/4, IPv6 ff00::/8) nor a MAC address.", "IP アドレス (グループは IPv4 の 224.0.0.0/4、IPv6 の ff00::/8) でも MAC アドレスでもありません。"),
    ("mac.v6_rule", "An IPv6 group's MAC is 33:33 and the group's last 32 bits; the 80 bits of group ID above them (struck) are lost, with the flags and the scope (RFC 2464 §7): 2⁸⁰ groups of each scope share each MAC.", "IPv6 グループの MAC は 33:33 とグループの下位 32 ビットです。その上の 80 ビットのグループ ID (取り消し線) はフラグとスコープとともに失われます (RFC 2464 §7): スコープごとに 2⁸⁰ 個のグループが 1 つの MAC を共有します。"),
    ("mac.v6_aliases", "Some of the groups that share this MAC (each scope, and the solicited-node group when the low bits start with ff)", "この MAC を共有するグループの例 (スコープごと。下位ビットが ff で始まるときは要請ノードマルチキャストアドレスも)"),
    ("mac.v6_solicited", "A solicited-node group (ff02::1:ff00:0/104, RFC 4291 §2.7.1): every IPv6 address of a link whose last 24 bits are these joins it, so that neighbor discovery reaches it (RFC 4861) without a broadcast; each host joins one per address, with MLD (RFC 3810 §6).", "要請ノードマルチキャストアドレス (ff02::1:ff00:0/104, RFC 4291 §2.7.1): 下位 24 ビットがこの値の IPv6 アドレスはすべてこのグループに参加し、近隣探索 (RFC 4861) はブロードキャストなしでそのアドレスに届きます。ホストはアドレスごとに 1 つ、MLD で参加します (RFC 3810 §6)。"),
    ("mac.v6_unicast", "A unicast IPv6 address, not a group: a frame to it carries the MAC neighbor discovery finds (RFC 4861). Its solicited-node group, which its host joins, and that group's MAC:", "IPv6 ユニキャストアドレスで、グループではありません: 宛先 MAC は近隣探索で求めます (RFC 4861)。このアドレスのホストが参加する要請ノードマルチキャストアドレスとその MAC:"),
    ("mac.v6_note", "A host's NIC also receives the traffic of every other group that shares the MAC and must filter by IP destination; an MLD snooping switch that keys on MACs cannot tell them apart (RFC 4541 §3).", "ホストの NIC は同じ MAC を共有する他のグループの通信も受け取るため、IP 宛先で選別しなければなりません。MAC で判断する MLD スヌーピングスイッチはそれらを区別できません (RFC 4541 §3)。"),
    ("builder.message", "Message", "メッセージ"),
    ("builder.shared", "from a share link", "共有リンクから"),
    ("builder.shared_bad", "The share link's frame cannot be read:", "共有リンクのフレームを読み込めません:"),
    ("builder.not_group", "is not a group address (an IPv4 address such as 239.1.2.3)", "はグループアドレス (239.1.2.3 のような IPv4 アドレス) ではありません"),
    ("builder.not_sources", "is not a list of sources (IPv4 addresses separated by commas)", "は送信元のリスト (カンマ区切りの IPv4 アドレス) ではありません"),
    ("builder.hint", "Fields marked auto follow the RFCs; type a value to override one (wrong on purpose is fine: the diagnostics explain).", "「自動」のフィールドは RFC に従って自動設定されます。値を入力すると上書きできます (わざと間違えても診断が説明します)。"),
    ("builder.auto", "auto", "自動"),
    ("builder.use_auto", "use auto", "自動に戻す"),
    ("builder.records", "Group records", "グループレコード"),
    ("builder.sources", "sources, comma-separated", "送信元 (カンマ区切り)"),
    ("builder.intent", "What the host does", "ホストの操作"),
    ("builder.aux", "aux data (hex)", "補助データ (16 進)"),
    ("builder.intent.join_any", "Join G from any source (TO_EX {})", "G にすべての送信元で参加 (TO_EX {})"),
    ("builder.intent.join_from", "Join G only from the sources (ALLOW, SSM)", "G に指定の送信元からのみ参加 (ALLOW, SSM)"),
    ("builder.intent.leave", "Leave G (TO_IN {})", "G から脱退 (TO_IN {})"),
    ("builder.intent.block", "Block the sources from G (BLOCK)", "G の指定送信元を遮断 (BLOCK)"),
    ("builder.add_record", "Add record", "レコードを追加"),
    ("builder.rec", "Record", "レコード"),
    ("builder.rec.type", "Record type", "レコードタイプ"),
    ("builder.rec.group", "Multicast address", "マルチキャストアドレス"),
    ("builder.rec.sources", "Sources", "送信元"),
    ("builder.rec.aux", "Aux data (hex)", "補助データ (16 進)"),
    ("builder.rec.remove", "Remove", "削除"),
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
    ("scen.zoom_in", "Zoom in", "拡大"),
    ("scen.zoom_out", "Zoom out", "縮小"),
    ("scen.odd_timers", "Allowed, but unusual:", "実行はできますが、普通ではない設定です:"),
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
    ("scen.lmqi", "Last Member Query Interval (s)", "ラストメンバークエリー間隔 (秒)"),
    ("scen.export_pcap", "Download traffic (pcap)", "通信をダウンロード (pcap)"),
    ("scen.export_json", "Download scenario (JSON)", "シナリオをダウンロード (JSON)"),
    ("scen.share", "Share link", "共有リンク"),
    ("scen.apply", "Apply and replay", "適用して再実行"),
    ("scen.schedule", "Schedule:", "予定を追加:"),
    ("scen.do.join", "join", "参加"),
    ("scen.do.leave", "leave", "脱退"),
    ("scen.do.drop", "drop its next packet", "次のパケットを失う"),
    ("scen.do.down", "stop", "停止"),
    ("scen.do.up", "start again", "再起動"),
    ("scen.do.data", "send data", "データ送信"),
    ("scen.at", "at", "時刻"),
    ("scen.schedule_add", "Add and replay", "追加して再実行"),
    ("scen.node", "Node", "ノード"),
    ("scen.states", "Each node's state and timers", "各ノードの状態とタイマー"),
    ("scen.link_load", "Data on each link so far (whole frames)", "ここまでに各リンクを流れたデータ (フレーム全体)"),
    ("scen.link", "Link (node to switch)", "リンク (ノードとスイッチの間)"),
    ("scen.lan", "the shared LAN", "共有 LAN"),
    ("col.mark", "Marked", "マーク"),
    ("scen.action", "Action", "動作"),
    ("scen.json", "Scenario (JSON)", "シナリオ (JSON)"),
    ("scen.role", "Role", "役割"),
    ("scen.groups", "Groups", "グループ"),
    ("scen.timers", "Running timers", "動作中のタイマー"),
    ("role.Querier", "Querier", "クエリア"),
    ("role.NonQuerier", "Non-Querier", "非クエリア"),
    ("role.Host", "Host", "ホスト"),
    ("role.Switch", "Snooping switch", "スヌーピングスイッチ"),
    ("role.Down", "Down", "停止中"),
    ("state.NonMember", "Non-Member", "非メンバー"),
    ("state.DelayingMember", "Delaying Member", "遅延メンバー"),
    ("state.IdleMember", "Idle Member", "待機メンバー"),
    ("state.NoMembersPresent", "No Members Present", "メンバーなし"),
    ("state.MembersPresent", "Members Present", "メンバーあり"),
    ("state.CheckingMembership", "Checking Membership", "メンバー確認中"),
    ("state.V1MembersPresent", "Version 1 Members Present", "v1 メンバーあり"),
    ("state.Initial", "Initial", "初期状態"),
    ("state.Querier", "Querier", "クエリア"),
    ("state.NonQuerier", "Non-Querier", "非クエリア"),
    ("state.Down", "Down", "停止中"),
    ("state.Up", "Up", "動作中"),
    ("phrase.state-change retransmission", "state-change retransmission", "状態変化レポートの再送"),
    ("phrase.general query response", "general query response", "ジェネラルクエリーへの応答"),
    ("phrase.group response", "group response", "グループへの応答"),
    ("phrase.report delay", "report delay", "レポート遅延"),
    ("phrase.other querier present", "other querier present", "他クエリア存在"),
    ("phrase.querier present", "querier present", "クエリア存在"),
    ("phrase.router present", "router present", "ルータ存在"),
    ("phrase.host present", "host present", "ホスト存在"),
    ("phrase.last member query", "last member query", "ラストメンバークエリー"),
    ("phrase.general query", "general query", "ジェネラルクエリー"),
    ("phrase.router port", "router port", "ルータポート"),
    ("phrase.host port", "host port", "ホストポート"),
    ("phrase.no member", "no member", "メンバーなし"),
    ("phrase.member", "member", "メンバー"),
    ("phrase.compatibility", "compatibility", "互換モード"),
    ("phrase.forwarding", "forwarding", "転送中"),
    ("phrase.group", "group", "グループ"),
    ("phrase.source", "source", "送信元"),
    ("phrase.port", "port", "ポート"),
    ("phrase. of ", " of ", " / "),
    ("msg.general-query", "general query", "ジェネラルクエリー"),
    ("msg.specific-query", "group-specific query", "グループスペシフィッククエリー"),
    ("msg.source-query", "group-and-source-specific query", "グループ・ソーススペシフィッククエリー"),
    ("msg.report", "report", "レポート"),
    ("msg.leave", "Leave", "リーブメッセージ"),
    ("msg.data", "multicast data", "マルチキャストデータ"),
    ("msg.unicast", "unicast data", "ユニキャストデータ"),
    ("msg.short.query", "Query", "クエリー"),
    ("msg.short.report", "Report", "レポート"),
    ("msg.short.leave", "Leave", "リーブ"),
    ("msg.short.data", "Data", "データ"),
    ("unit.s", "s", "秒"),
    ("unit.bytes", "bytes", "バイト"),
    ("scen.events", "events", "イベント"),
    ("scen.present", "Present", "プレゼンテーション"),
    ("scen.present_exit", "Exit presentation", "プレゼンテーションを終了"),
    ("scen.present_hint", "Full screen for a class (F); Space, → and PageDown step, ← and PageUp go back, P plays", "授業用の全画面表示 (F)。Space・→・PageDown で進み、←・PageUp で戻り、P で再生"),
    ("scen.details", "Details: the rule", "詳細: 規則"),
    ("scen.click_packet_one", "Enter opens it in the Inspector", "Enter でインスペクタに開きます"),
    ("tab.lessons", "Lessons", "レッスン"),
    ("lesson.pick", "Lesson", "レッスン"),
    ("lesson.step", "Step", "ステップ"),
    ("lesson.goal", "Goal:", "目標:"),
    ("lesson.next", "Next", "次へ"),
    ("lesson.open_scenario", "Open the scenario", "シナリオを開く"),
    ("lesson.answer", "Your answer", "あなたの答え"),
    ("lesson.hex_hint", "the message in hex, e.g. from the Builder", "16 進のメッセージ (ビルダーからなど)"),
    ("lesson.mac_hint", "e.g. 01:00:5e:00:00:01", "例: 01:00:5e:00:00:01"),
    ("lesson.check", "Check", "答え合わせ"),
    ("lesson.from_builder", "Use the Builder's frame", "ビルダーのフレームを使う"),
    ("lesson.from_builder_hint", "Build the frame on the Builder tab, then take it here to check it", "ビルダーのタブでフレームを作り、ここに取り込んで答え合わせします"),
    ("lesson.wrong", "Not yet.", "まだです。"),
    ("lesson.write", "Write your own lesson (JSON)", "自分のレッスンを書く (JSON)"),
    ("lesson.write_hint", "Each step has its goal in both languages and one task: \"scenario\", \"build\", \"find-error\", \"mac\" or \"predict\"; start from the lesson shown.", "各ステップには両方の言語の目標と課題を 1 つ書きます (\"scenario\"・\"build\"・\"find-error\"・\"mac\"・\"predict\")。表示中のレッスンから始めてください。"),
    ("lesson.edit_this", "Start from this lesson", "このレッスンから始める"),
    ("lesson.apply", "Use this lesson", "このレッスンを使う"),
    ("scen.edited", "Edited: the title and explanation below were written for the built-in and may no longer describe this run; rewrite \"title\" and \"explanation\" in the JSON.", "編集済み: 下のタイトルと説明は組み込みシナリオのためのもので、この実行とは合わないことがあります。JSON の \"title\" と \"explanation\" を書き直してください。"),
    ("glossary.title", "Glossary", "用語集"),
    ("predict.toggle", "Predict", "予想モード"),
    ("predict.hint", "Before each packet, the class chooses what happens next", "各パケットの前に、次に何が起きるかをクラスで選びます"),
    ("predict.ask", "What happens next?", "次に何が起きる?"),
    ("predict.right", "Right!", "正解!"),
    ("predict.wrong", "Not quite. What happened:", "不正解。実際には:"),
    ("predict.score", "Score", "得点"),
    ("predict.waiting", "Step on: the next packet brings a question.", "ステップを進めてください。次のパケットの前に問題が出ます。"),
    ("severity.error", "error", "エラー"),
    ("severity.warning", "warning", "警告"),
    ("severity.info", "info", "情報"),
];

/// The table, split once.
fn table() -> &'static [(&'static str, &'static str, &'static str)] {
    static TABLE: std::sync::OnceLock<Vec<(&str, &str, &str)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        TABLE_TEXT
            .split_terminator('\u{1e}')
            .map(|entry| {
                let mut parts = entry.split('\u{1f}');
                let mut next = || parts.next().unwrap_or_default();
                (next(), next(), next())
            })
            .collect()
    })
}

/// The text for `key` in `lang`; the key itself if the table lacks it (a test checks none does).
pub fn t(lang: Lang, key: &str) -> &str {
    match table().iter().find(|(k, _, _)| *k == key) {
        Some((_, en, ja)) => match lang {
            Lang::En => en,
            Lang::Ja => ja,
        },
        None => key,
    }
}

/// The text for `key` with its `{name}` placeholders filled: a sentence whose words move with the
/// language ("Displayed: 3 of 10", "表示: 10 件中 3 件") is one entry of the table.
pub fn fill(lang: Lang, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = t(lang, key).to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// The phrases of the simulator's timer and state names, longest first so that a phrase is
/// replaced before any word inside it.
pub const PHRASES: &[&str] = &[
    "state-change retransmission",
    "general query response",
    "group response",
    "report delay",
    "other querier present",
    "querier present",
    "router present",
    "host present",
    "last member query",
    "general query",
    "router port",
    "host port",
    "no member",
    "member",
    "compatibility",
    "forwarding",
    "group",
    "source",
    "port",
    " of ",
];

/// A simulator name ("report delay 224.1.1.1", "A: no member") in `lang`: its known phrases
/// translated, addresses and node names kept.
fn phrases(lang: Lang, name: &str) -> String {
    let mut out = name.to_string();
    if lang == Lang::En {
        return out;
    }
    for p in PHRASES {
        if out.contains(p) {
            out = out.replace(p, t(lang, &format!("phrase.{p}")));
        }
    }
    out
}

/// The visible name of a role; the `data-role` attribute keeps the contract value.
pub fn role_label(lang: Lang, role: &str) -> String {
    let key = format!("role.{role}");
    match t(lang, &key) {
        found if found != key => found.to_string(),
        _ => role.to_string(),
    }
}

/// The visible name of a state (RFC 2236 §6 and §7's state names, a v3 filter such as
/// `EXCLUDE{10.0.0.1}`, or a switch port's); `data-state` keeps the contract value.
pub fn state_label(lang: Lang, state: &str) -> String {
    let key = format!("state.{state}");
    match t(lang, &key) {
        found if found != key => found.to_string(),
        _ if state.starts_with("INCLUDE") || state.starts_with("EXCLUDE") => state.to_string(),
        _ => phrases(lang, state),
    }
}

/// A counted word in the grammar of `lang`: English has a singular ("1 frame", "2 frames");
/// Japanese counts without one.
pub fn counted<'a>(lang: Lang, n: usize, one: &'a str, many: &'a str) -> &'a str {
    t(lang, if n == 1 { one } else { many })
}

/// The visible name of a timer ("report delay 224.1.1.1" → "レポート遅延 224.1.1.1").
pub fn timer_label(lang: Lang, name: &str) -> String {
    phrases(lang, name)
}

/// A simulated frame (Ethernet) as a class reads it, derived from its bytes, never from a label
/// typed beside them: "v2 general query", "v3 group-and-source-specific query" (a v3 query that
/// names sources, RFC 3376 §4.1.9), "v2 Leave", "multicast data".
pub fn frame_label(lang: Lang, bytes: &[u8]) -> String {
    use crate::codec::{IgmpMessage, QueryVersion};
    let Ok(frame) = crate::codec::parse(crate::codec::LinkType::Ethernet, bytes) else {
        // Data: to a group's MAC address, or to one host's.
        let unicast = crate::codec::mac::is_individual(bytes);
        return t(lang, if unicast { "msg.unicast" } else { "msg.data" }).to_string();
    };
    let message = frame.igmp.message();
    let (version, key) = match &message {
        IgmpMessage::Query {
            version,
            group,
            sources,
            ..
        } => {
            let v = match version {
                QueryVersion::V1 => "v1",
                QueryVersion::V2 => "v2",
                QueryVersion::V3 => "v3",
            };
            let key = if group.is_unspecified() {
                "msg.general-query"
            } else if sources.is_empty() {
                "msg.specific-query"
            } else {
                "msg.source-query"
            };
            (v, key)
        }
        IgmpMessage::V1Report { .. } => ("v1", "msg.report"),
        IgmpMessage::V2Report { .. } => ("v2", "msg.report"),
        IgmpMessage::V3Report { .. } => ("v3", "msg.report"),
        IgmpMessage::Leave { .. } => ("v2", "msg.leave"),
        IgmpMessage::Other { .. } => return t(lang, "msg.data").to_string(),
    };
    format!("{version} {}", t(lang, key))
}

/// Whether a simulated frame is a group-and-source-specific query.
pub fn is_source_query(bytes: &[u8]) -> bool {
    crate::codec::parse(crate::codec::LinkType::Ethernet, bytes).is_ok_and(|f| {
        matches!(f.igmp.message(), crate::codec::IgmpMessage::Query { sources, .. } if !sources.is_empty())
    })
}

/// The short word on a travelling packet's envelope.
pub fn message_short(lang: Lang, kind: &str) -> &'static str {
    let key = if kind.ends_with("query") {
        "msg.short.query"
    } else if kind.ends_with("report") {
        "msg.short.report"
    } else if kind.ends_with("leave") {
        "msg.short.leave"
    } else {
        "msg.short.data"
    };
    t_static(lang, key)
}

/// [`t`] for a key known to be in the table, with the table's lifetime.
fn t_static(lang: Lang, key: &str) -> &'static str {
    match table().iter().find(|(k, _, _)| *k == key) {
        Some((_, en, ja)) => match lang {
            Lang::En => en,
            Lang::Ja => ja,
        },
        None => "",
    }
}

pub fn keys() -> impl Iterator<Item = &'static str> {
    table().iter().map(|(k, _, _)| *k)
}

/// The RFCs the workbench implements, for the About panel.
pub const RFCS: &[(&str, &str, &str)] = &[
    (
        "RFC 1112",
        "IGMPv1 (Appendix I), multicast MAC mapping (§6.4)",
        "IGMPv1 (付録 I)、マルチキャスト MAC アドレスの対応 (§6.4)",
    ),
    ("RFC 2236", "IGMPv2", "IGMPv2"),
    (
        "RFC 3376",
        "IGMPv3 (obsoleted by RFC 9776, same wire format)",
        "IGMPv3 (RFC 9776 で置き換え、形式は同じ)",
    ),
    (
        "RFC 9776",
        "IGMPv3, Internet Standard",
        "IGMPv3 (インターネット標準)",
    ),
    (
        "RFC 2113",
        "IP Router Alert option",
        "IP ルータアラートオプション",
    ),
    (
        "RFC 4286",
        "Multicast Router Discovery",
        "マルチキャストルータ探索",
    ),
    (
        "RFC 4541",
        "IGMP snooping considerations",
        "IGMP スヌーピングの考慮事項",
    ),
    (
        "RFC 4604",
        "IGMPv3 for Source-Specific Multicast",
        "送信元指定マルチキャストのための IGMPv3",
    ),
    (
        "RFC 1071 / RFC 1624",
        "Internet checksum",
        "インターネットチェックサム",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simulator_names_read_in_japanese_and_keep_addresses() {
        type Label = fn(Lang, &str) -> String;
        let cases: &[(Label, Lang, &str, &str)] = &[
            (
                timer_label,
                Lang::Ja,
                "report delay 224.1.1.1",
                "レポート遅延 224.1.1.1",
            ),
            (
                timer_label,
                Lang::Ja,
                "other querier present",
                "他クエリア存在",
            ),
            (
                timer_label,
                Lang::Ja,
                "v2 querier present",
                "v2 クエリア存在",
            ),
            (
                timer_label,
                Lang::Ja,
                "source 10.0.0.1 of 232.1.1.1",
                "送信元 10.0.0.1 / 232.1.1.1",
            ),
            (
                timer_label,
                Lang::Ja,
                "port 2 router port",
                "ポート 2 ルータポート",
            ),
            (timer_label, Lang::En, "group 224.1.1.1", "group 224.1.1.1"),
            (
                state_label,
                Lang::Ja,
                "CheckingMembership",
                "メンバー確認中",
            ),
            (
                state_label,
                Lang::En,
                "CheckingMembership",
                "Checking Membership",
            ),
            (state_label, Lang::Ja, "A: no member", "A: メンバーなし"),
            (
                state_label,
                Lang::Ja,
                "IGMPv2 compatibility",
                "IGMPv2 互換モード",
            ),
            (
                state_label,
                Lang::Ja,
                "EXCLUDE{10.0.0.1}",
                "EXCLUDE{10.0.0.1}",
            ),
            (role_label, Lang::Ja, "NonQuerier", "非クエリア"),
        ];
        for (label, lang, name, want) in cases {
            assert_eq!(label(*lang, name), *want, "{name}");
        }
        assert_eq!(message_short(Lang::Ja, "v1-report"), "レポート");
    }

    #[test]
    fn every_key_has_both_languages_and_is_unique() {
        let mut seen = std::collections::HashSet::new();
        assert!(table().len() > 250);
        for entry in TABLE_TEXT.split_terminator('\u{1e}') {
            assert_eq!(entry.split('\u{1f}').count(), 3, "{entry}");
        }
        for (k, en, ja) in table() {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!en.is_empty() && !ja.is_empty(), "{k}");
            // A filled entry names the same placeholders in both languages.
            let holes = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|r| r.split_once('}'))
                    .map(|(name, _)| name.to_string())
                    .filter(|n| n.chars().all(|c| c.is_ascii_lowercase()) && !n.is_empty())
                    .collect();
                v.sort();
                v
            };
            assert_eq!(holes(en), holes(ja), "{k}");
        }
    }

    #[test]
    fn filled_sentences_move_their_words_with_the_language() {
        let count = |l| fill(l, "inspector.displayed", &[("shown", &3), ("total", &10)]);
        assert_eq!(count(Lang::En), "Displayed: 3 of 10");
        assert_eq!(count(Lang::Ja), "表示: 10 件中 3 件");
    }
}

#[cfg(test)]
mod counted_tests {
    use super::*;

    #[test]
    fn counts_are_grammatical() {
        assert_eq!(
            counted(Lang::En, 1, "inspector.frame", "inspector.frames"),
            "frame"
        );
        assert_eq!(
            counted(Lang::En, 2, "inspector.frame", "inspector.frames"),
            "frames"
        );
        assert_eq!(
            counted(Lang::En, 0, "inspector.frame", "inspector.frames"),
            "frames"
        );
        assert_eq!(
            counted(Lang::Ja, 1, "inspector.frame", "inspector.frames"),
            "フレーム"
        );
    }
}
