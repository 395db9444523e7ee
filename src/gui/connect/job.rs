//! `Job`: one call into `connect` on a worker thread, so the window never waits on the network.
//! The worker reports through a shared [`Progress`] (read each frame, cancelled from the
//! window) and hands its result back over a channel, waking the window when done. Lives while
//! its dialog shows it.

use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

use crate::connect::{Progress, ProgressState};

/// How often a running job's dialog redraws to show its progress.
pub const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Work running on its own thread.
pub struct Job<T> {
    progress: Progress,
    receiver: Receiver<T>,
}

/// What a job has to say this frame.
pub enum Poll<T> {
    Running,
    Done(T),
    /// The worker ended without an answer (it panicked).
    Lost,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a new thread; when it returns, the window is asked to redraw.
    pub fn start(ctx: &egui::Context, work: impl FnOnce(&Progress) -> T + Send + 'static) -> Self {
        let progress = Progress::default();
        let (sender, receiver) = channel();
        let shared = progress.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let answer = work(&shared);
            let _delivered = sender.send(answer);
            ctx.request_repaint();
        });
        Self { progress, receiver }
    }

    /// The answer, once there is one. Call once a frame: an answer taken is gone.
    pub fn poll(&self) -> Poll<T> {
        match self.receiver.try_recv() {
            Ok(answer) => Poll::Done(answer),
            Err(TryRecvError::Disconnected) => Poll::Lost,
            Err(TryRecvError::Empty) => Poll::Running,
        }
    }

    /// What the worker says it is doing; the window is redrawn soon to show the next step.
    pub fn state(&self, ctx: &egui::Context) -> ProgressState {
        ctx.request_repaint_after(PROGRESS_EVERY);
        self.progress.state()
    }

    /// Asks the worker to stop at its next step; its answer still comes (`Cancelled`).
    pub fn cancel(&self) {
        self.progress.cancel();
    }

    pub fn is_cancelled(&self) -> bool {
        self.progress.is_cancelled()
    }
}

/// "Reading flows 37 / 200", or the stage alone while it has no count.
pub fn progress_line(state: &ProgressState) -> String {
    let doing = if state.stage.is_empty() { "Starting" } else { state.stage.as_str() };
    if state.total > 1 {
        format!("{doing} {} / {}", state.done.min(state.total), state.total)
    } else {
        format!("{doing}…")
    }
}

/// The progress of a running job, a bar when it has a count, and Cancel. Whether Cancel was
/// clicked.
pub fn running_ui(ui: &mut egui::Ui, state: &ProgressState, cancelled: bool) -> bool {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(if cancelled { "Stopping after the current step…".to_owned() } else { progress_line(state) });
    });
    if state.total > 1 {
        let fraction = state.done.min(state.total) as f32 / state.total as f32;
        ui.add(egui::ProgressBar::new(fraction));
    }
    ui.add_space(6.0);
    let cancel = ui
        .add_enabled(!cancelled, egui::Button::new("Cancel"))
        .on_hover_text("Stop after the current step; what was already written stays written");
    crate::gui::dialogs::hold_focus(ui, &cancel);
    cancel.clicked()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_line_counts_only_stages_with_several_steps() {
        let reading = ProgressState { stage: "Reading flows".into(), done: 37, total: 200 };
        assert_eq!(progress_line(&reading), "Reading flows 37 / 200");
        let connecting = ProgressState { stage: "Connecting to Amazon Connect".into(), done: 0, total: 1 };
        assert_eq!(progress_line(&connecting), "Connecting to Amazon Connect…");
    }

    #[test]
    fn a_job_answers_and_can_be_cancelled() {
        let ctx = egui::Context::default();
        let job = Job::start(&ctx, |progress: &Progress| {
            while !progress.is_cancelled() {
                std::thread::sleep(Duration::from_millis(5));
            }
            7
        });
        assert!(matches!(job.poll(), Poll::Running));
        job.cancel();
        for _ in 0..400 {
            if let Poll::Done(answer) = job.poll() {
                assert_eq!(answer, 7);
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("the job never answered");
    }
}
