//! UI-independent application state.
