//! The progress bar on a terminal (nothing at all otherwise).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use intake_engine::{Phase, Progress};
use intake_i18n::{Lang, text};

pub struct Bar {
    bar: ProgressBar,
    /// Whether to say, on stderr, that the command waits for another writer.
    speak: bool,
    lang: Lang,
}

impl Bar {
    /// `show`: draw the bar (a terminal, not `--quiet`); `speak`: say on
    /// stderr when the command waits for another writer (not `--quiet`).
    pub fn new(show: bool, speak: bool, lang: Lang) -> Bar {
        let bar = ProgressBar::with_draw_target(
            Some(1000),
            if show {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::hidden()
            },
        );
        if let Ok(style) =
            ProgressStyle::with_template("{msg:40} [{bar:30}] {percent:>3}% {elapsed_precise}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Bar { bar, speak, lang }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn update(&self, phase: Phase, rows: u64, fraction: f64) {
        let id = match phase {
            Phase::Waiting => "phase-waiting",
            Phase::Reading => "phase-reading",
            Phase::Writing => "phase-writing",
            Phase::Done => "phase-done",
        };
        self.bar
            .set_message(format!("{} · {rows}", text(self.lang, id, &[])));
        self.bar.set_position((fraction * 1000.0) as u64);
    }

    fn waiting(&self, holder: Option<&intake_store::LockHolder>) {
        if self.speak {
            let message = intake_engine::waiting_message(holder, self.lang);
            self.bar.suspend(|| eprintln!("{message}"));
        }
    }
}
