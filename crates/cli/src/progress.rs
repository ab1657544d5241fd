//! The progress bar on a terminal (nothing at all otherwise).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use intake_engine::{Phase, Progress};
use intake_i18n::{Lang, text};

pub struct Bar {
    bar: ProgressBar,
    lang: Lang,
}

impl Bar {
    pub fn new(show: bool, lang: Lang) -> Bar {
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
        Bar { bar, lang }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn update(&self, phase: Phase, rows: u64, fraction: f64) {
        let id = match phase {
            Phase::Reading => "phase-reading",
            Phase::Writing => "phase-writing",
            Phase::Done => "phase-done",
        };
        self.bar
            .set_message(format!("{} · {rows}", text(self.lang, id, &[])));
        self.bar.set_position((fraction * 1000.0) as u64);
    }
}
