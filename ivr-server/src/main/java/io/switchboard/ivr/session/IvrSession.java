package io.switchboard.ivr.session;

import io.switchboard.common.ivr.DigitInput;
import io.switchboard.common.ivr.IvrAction;
import io.switchboard.common.ivr.IvrAction.GoToMenu;
import io.switchboard.common.ivr.IvrAction.HangUp;
import io.switchboard.common.ivr.IvrAction.PlayAndHangUp;
import io.switchboard.common.ivr.IvrAction.Repeat;
import io.switchboard.common.ivr.IvrAction.Transfer;
import io.switchboard.common.ivr.IvrApp;
import io.switchboard.common.ivr.IvrMenu;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One caller in one {@link IvrApp}. Events in ({@link #start}, {@link #onDigit}, {@link #onTimer},
 * {@link #onPromptFinished}, {@link #onCallerHangUp}), commands out on {@link IvrOutput}.
 *
 * <p>Rules, per menu:
 * <ul>
 * <li>The menu prompt plays; a key pressed during it (or during an invalid/timeout notice) stops it
 *     and counts as input (barge-in). Keys during a final prompt (goodbye, play-and-hangup) are ignored.</li>
 * <li>Without {@code input}, the first key decides at once: its action, or "invalid".</li>
 * <li>With {@code input}, keys are collected until the terminator, {@code maxDigits}, the
 *     inter-digit timeout or the overall timeout; then a single key bound in {@code digits} runs
 *     its action, an entry of {@code minDigits..maxDigits} runs the input action with
 *     {@code {digits}} filled in, and anything else is invalid. The terminator alone runs the action
 *     bound to it, if any.</li>
 * <li>The overall timeout runs from the end of the prompt (or from the barge-in key); nothing
 *     entered by then is a timeout.</li>
 * <li>Invalid entries and timeouts share one failure count per menu visit; the one after
 *     {@code retries} plays the goodbye prompt (if any) and hangs up. Otherwise the invalid or
 *     timeout prompt (if any) plays and then the menu again. {@code repeat} is not a failure.</li>
 * </ul>
 *
 * <p>Not thread-safe: the host delivers every event of one call on one thread (its event loop).
 */
public final class IvrSession {

    private enum State { IDLE, MENU_PROMPT, NOTICE_PROMPT, COLLECTING, FINAL_PROMPT, ENDED }

    /** Played when a transfer fails, before the menu again (the library's tone if the file is missing). */
    public static final String TRANSFER_FAILED_PROMPT = "transfer-failed";

    private static final long NONE = Long.MIN_VALUE;

    private final IvrApp app;
    private final IvrOutput out;
    private final Clock clock;
    private final StringBuilder entered = new StringBuilder();
    private State state = State.IDLE;
    private IvrMenu menu;
    private int failures;
    private int playId;
    private long entryDeadline = NONE;
    private long armedDeadline = NONE;
    private boolean transferring;

    public IvrSession(IvrApp app, IvrOutput out, Clock clock) {
        this.app = app;
        this.out = out;
        this.clock = clock;
    }

    /** The call is answered: the start menu begins. */
    public void start() {
        if (state != State.IDLE) {
            throw new IllegalStateException("IVR session already started");
        }
        enter(app.start());
    }

    /** One DTMF key: {@code 0-9}, {@code *} or {@code #}. */
    public void onDigit(char key) {
        switch (state) {
            case MENU_PROMPT, NOTICE_PROMPT -> {
                out.stopPlayback();
                beginEntry();
                key(key);
            }
            case COLLECTING -> key(key);
            default -> {
                // Not started, ended, or a final prompt the caller cannot interrupt.
            }
        }
    }

    /** The prompt started with {@code id} ended; a stale id (a prompt since replaced) is ignored. */
    public void onPromptFinished(int id) {
        if (id != playId) {
            return;
        }
        switch (state) {
            case MENU_PROMPT -> {
                beginEntry();
                arm(entryDeadline);
            }
            case NOTICE_PROMPT -> playMenu();
            case FINAL_PROMPT -> end(out::hangUp);
            default -> {
                // A prompt that finished after the caller barged in.
            }
        }
    }

    /** A timer armed through {@link IvrOutput#armTimer} fired; early or stale ones are ignored. */
    public void onTimer() {
        if (state != State.COLLECTING || armedDeadline == NONE || clock.millis() < armedDeadline) {
            return;
        }
        armedDeadline = NONE;
        if (entered.length() == 0) {
            failure(menu.timeoutPrompt());
        } else {
            finishEntry();
        }
    }

    /**
     * The transfer asked for through {@link IvrOutput#transfer} failed (REFER refused, or a final
     * NOTIFY with a non-2xx sipfrag, RFC 3515 §2.4.5): the caller stays with us, hears
     * {@link #TRANSFER_FAILED_PROMPT} and then the menu again, with its failure count kept.
     * Ignored unless the session ended by a transfer.
     */
    public void onTransferFailed() {
        if (state != State.ENDED || !transferring) {
            return;
        }
        transferring = false;
        play(State.NOTICE_PROMPT, TRANSFER_FAILED_PROMPT);
    }

    /** The caller hung up (BYE): nothing more is sent. */
    public void onCallerHangUp() {
        state = State.ENDED;
        transferring = false;
        armedDeadline = NONE;
    }

    public boolean ended() {
        return state == State.ENDED;
    }

    /** The menu the caller is in; null before {@link #start}. */
    public IvrMenu menu() {
        return menu;
    }

    private void enter(IvrMenu next) {
        menu = next;
        failures = 0;
        playMenu();
    }

    private void playMenu() {
        play(State.MENU_PROMPT, menu.prompt());
    }

    private void play(State playing, String prompt) {
        entered.setLength(0);
        entryDeadline = NONE;
        armedDeadline = NONE;
        state = playing;
        out.play(++playId, prompt);
    }

    private void beginEntry() {
        state = State.COLLECTING;
        entered.setLength(0);
        entryDeadline = clock.millis() + menu.overallTimeout().toMillis();
    }

    private void key(char key) {
        Optional<DigitInput> input = menu.input();
        if (input.isEmpty()) {
            Optional<IvrAction> action = menu.action(key);
            if (action.isPresent()) {
                run(action.get());
            } else {
                failure(menu.invalidPrompt());
            }
            return;
        }
        if (input.get().isTerminator(key)) {
            finishEntry();
            return;
        }
        entered.append(key);
        if (entered.length() >= input.get().maxDigits()) {
            finishEntry();
        } else {
            arm(Math.min(entryDeadline, clock.millis() + menu.interDigitTimeout().toMillis()));
        }
    }

    private void finishEntry() {
        String text = entered.toString();
        entered.setLength(0);
        armedDeadline = NONE;
        DigitInput input = menu.input().orElseThrow();
        Optional<IvrAction> bound = text.isEmpty()
                ? input.terminator().flatMap(menu::action)
                : text.length() == 1 ? menu.action(text.charAt(0)) : Optional.empty();
        if (bound.isPresent()) {
            run(bound.get());
        } else if (!text.isEmpty() && input.accepts(text)) {
            run(input.action().withDigits(text));
        } else {
            failure(menu.invalidPrompt());
        }
    }

    private void failure(Optional<String> notice) {
        failures++;
        if (failures > menu.retries()) {
            Optional<String> goodbye = menu.goodbyePrompt();
            if (goodbye.isPresent()) {
                play(State.FINAL_PROMPT, goodbye.get());
            } else {
                end(out::hangUp);
            }
        } else if (notice.isPresent()) {
            play(State.NOTICE_PROMPT, notice.get());
        } else {
            playMenu();
        }
    }

    private void run(IvrAction action) {
        // Java 17 has no pattern switch; the sealed interface keeps this list complete by review.
        if (action instanceof GoToMenu m) {
            enter(app.menu(m.menu()));
        } else if (action instanceof Transfer t) {
            transferring = true;
            end(() -> out.transfer(t.kind(), t.target()));
        } else if (action instanceof PlayAndHangUp p) {
            play(State.FINAL_PROMPT, p.prompt());
        } else if (action instanceof Repeat) {
            playMenu();
        } else if (action instanceof HangUp) {
            end(out::hangUp);
        } else {
            throw new IllegalStateException("unhandled IVR action " + action);
        }
    }

    private void arm(long deadline) {
        armedDeadline = deadline;
        out.armTimer(Duration.ofMillis(Math.max(0, deadline - clock.millis())));
    }

    private void end(Runnable last) {
        state = State.ENDED;
        armedDeadline = NONE;
        last.run();
    }
}
