//! The DOM contract: `data-testid` values that end-to-end tests and other tools rely on.
//! Keep them exactly; the README's "DOM contract" section lists them with their meaning.

pub const TAB_INSPECTOR: &str = "tab-inspector";
pub const TAB_BUILDER: &str = "tab-builder";
pub const TAB_SCENARIOS: &str = "tab-scenarios";
pub const TAB_ABOUT: &str = "tab-about";
pub const LANG_JA: &str = "lang-ja";
pub const LANG_EN: &str = "lang-en";
pub const LARGE_TEXT: &str = "large-text";

pub const HEX_INPUT: &str = "hex-input";
pub const FILE_INPUT: &str = "file-input";
pub const SAMPLE: &str = "sample";
pub const IMPORT_STATUS: &str = "import-status";
pub const PASTE_LINK: &str = "paste-link";
pub const PASTE_LINK_AUTO: &str = "paste-link-auto";
pub const PROBLEM_GO: &str = "problem-go";
pub const PACKET_ROW: &str = "packet-row";
pub const PACKET_FILTER: &str = "packet-filter";
pub const FILTER_ERROR: &str = "filter-error";
pub const IGMP_ONLY: &str = "igmp-only";
pub const HIDDEN_COUNT: &str = "hidden-count";
pub const APPLY_AS_FILTER: &str = "apply-as-filter";
pub const FIELD_TREE: &str = "field-tree";
pub const HEX_PANE: &str = "hex-pane";
pub const DIAGNOSTIC: &str = "diagnostic";
pub const MAC_MAP: &str = "mac-map";
pub const MAC_INPUT: &str = "mac-input";
pub const MAC_RESULT: &str = "mac-result";
pub const MAC_ALIASES: &str = "mac-aliases";
pub const MAC_BINARY: &str = "mac-binary";
pub const TREE_MORE: &str = "tree-more";
pub const BUILDER_HEX_MORE: &str = "builder-hex-more";
pub const MAC_FRAME_CHECK: &str = "mac-frame-check";

pub const SCENARIO_PICKER: &str = "scenario-picker";
pub const SCENARIO_STEP: &str = "scenario-step";
pub const SCENARIO_BACK: &str = "scenario-back";
pub const SCENARIO_PLAY: &str = "scenario-play";
pub const SCENARIO_TIME: &str = "scenario-time";
pub const SCENARIO_PROGRESS: &str = "scenario-progress";
pub const SCENARIO_RUNNING: &str = "scenario-running";
pub const SCENARIO_CANCEL: &str = "scenario-cancel";
pub const SCENARIO_ERROR: &str = "scenario-error";
pub const SCENARIO_WARNINGS: &str = "scenario-warnings";
pub const SHARE_TOO_BIG: &str = "share-too-big";
pub const DISPLAYED_COUNT: &str = "displayed-count";
pub const TIME_FORMAT: &str = "time-format";
pub const FILTER_PROGRESS: &str = "filter-progress";
pub const FILTER_STOP: &str = "filter-stop";
pub const FRAME_HIDDEN: &str = "frame-hidden";
pub const FRAME_SHOW: &str = "frame-show";
pub const EXPORT_DISPLAYED: &str = "export-displayed";
pub const EXPORT_DISPLAYED_NG: &str = "export-displayed-pcapng";
pub const TIMELINE_PACKET: &str = "timeline-packet";
pub const NODE_STATE: &str = "node-state";
pub const NARRATION: &str = "narration";
// The classroom (issue #15).
pub const TOPOLOGY: &str = "topology";
pub const TIMELINE: &str = "timeline";
/// A running timer in the state panel (`data-timer` keeps the simulator's English name).
pub const TIMER: &str = "timer";
/// A packet travelling on the topology's links (`data-type` = its message kind).
pub const PACKET_TOKEN: &str = "packet-token";
pub const SCENARIO_PRESENT: &str = "scenario-present";
pub const PREDICT_TOGGLE: &str = "predict-toggle";
pub const PREDICT_CHOICE: &str = "predict-choice";
pub const PREDICT_PROMPT: &str = "predict-prompt";
pub const NARRATION_DETAILS: &str = "narration-details";
pub const GLOSSARY: &str = "glossary";
pub const LINK_LOAD: &str = "link-load";
pub const EXERCISE_FROM_BUILDER: &str = "exercise-from-builder";
pub const BUILDER_SIZE_NOTE: &str = "builder-size-note";
pub const MAC_UNICAST: &str = "mac-unicast";
pub const SCHEDULE_ERROR: &str = "schedule-error";
pub const TAB_LESSONS: &str = "tab-lessons";
pub const LESSON_PICKER: &str = "lesson-picker";
pub const LESSON_STEP: &str = "lesson-step";
pub const LESSON_NEXT: &str = "lesson-next";
pub const LESSON_BACK: &str = "lesson-back";
pub const LESSON_OPEN_SCENARIO: &str = "lesson-open-scenario";
pub const LESSON_JSON: &str = "lesson-json";
pub const LESSON_APPLY: &str = "lesson-apply";
pub const LESSON_SHARE: &str = "lesson-share";
pub const LESSON_ERROR: &str = "lesson-error";
pub const EXERCISE: &str = "exercise";
pub const EXERCISE_ANSWER: &str = "exercise-answer";
pub const EXERCISE_CHECK: &str = "exercise-check";
pub const EXERCISE_RESULT: &str = "exercise-result";
pub const SCENARIO_EDITED: &str = "scenario-edited";
pub const PREDICT_RESULT: &str = "predict-result";
pub const PREDICT_SCORE: &str = "predict-score";

pub const BUILDER: &str = "builder";
pub const BUILDER_MESSAGE: &str = "builder-message";
pub const BUILDER_FIELD: &str = "builder-field";
pub const BUILDER_FIELD_ERROR: &str = "builder-field-error";
pub const BUILDER_TYPED_NOTE: &str = "builder-typed-note";
pub const BUILDER_HEX: &str = "builder-hex";

pub const SHARE_ERROR: &str = "share-error";
pub const SHARE_DISMISS: &str = "share-dismiss";
/// The live status line after a copy or share ("Copied", "Link copied", or why it failed).
pub const COPY_STATUS: &str = "copy-status";
/// Go to packet (Ctrl+G): a frame number, Enter selects it.
pub const GOTO_PACKET: &str = "goto-packet";

// The Analysis view of a loaded capture (Inspector).
pub const ANALYSIS_OPEN: &str = "analysis-open";
pub const ANALYSIS: &str = "analysis";
pub const ANALYSIS_PROGRESS: &str = "analysis-progress";
pub const ANALYSIS_SUMMARY: &str = "analysis-summary";
pub const ANALYSIS_CLOSE: &str = "analysis-close";
/// How many MLD messages the analysis left out (`data-mld`), when there are some (#30).
pub const ANALYSIS_MLD: &str = "analysis-mld";
pub const ANALYSIS_TIMELINE: &str = "analysis-timeline";
pub const ANALYSIS_LANE: &str = "analysis-lane";
pub const ANALYSIS_FINDINGS: &str = "analysis-findings";
pub const ANALYSIS_FINDING: &str = "analysis-finding";
pub const ANALYSIS_FRAME: &str = "analysis-frame";
pub const MEMBERSHIP_CHART: &str = "membership-chart";
pub const ANALYSIS_STATE: &str = "analysis-state";
pub const ANALYSIS_TIME: &str = "analysis-time";
pub const ANALYSIS_WINDOW: &str = "analysis-window";
pub const ANALYSIS_ZOOM_IN: &str = "analysis-zoom-in";
pub const ANALYSIS_ZOOM_OUT: &str = "analysis-zoom-out";
pub const ANALYSIS_EARLIER: &str = "analysis-earlier";
pub const ANALYSIS_LATER: &str = "analysis-later";
pub const ANALYSIS_WHOLE: &str = "analysis-whole";
pub const ANALYSIS_PAGER: &str = "analysis-pager";
pub const ANALYSIS_PAGE_PREV: &str = "analysis-page-prev";
pub const ANALYSIS_PAGE_NEXT: &str = "analysis-page-next";
