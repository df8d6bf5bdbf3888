package io.switchboard.common.ivr;

/**
 * What a key (or a completed entry) does. Each action has one YAML keyword; those that take an
 * argument are written {@code keyword: argument}, the others as the bare keyword.
 */
public sealed interface IvrAction {

    /** The YAML keyword, also used in messages. */
    String keyword();

    /** This action with {@code {digits}} replaced by the caller's entry. */
    default IvrAction withDigits(String entered) {
        return this;
    }

    /** Hands the caller on (SIP REFER from the IVR server). */
    sealed interface Transfer extends IvrAction {
        TransferKind kind();

        String target();
    }

    record GoToMenu(String menu) implements IvrAction {
        public String keyword() {
            return "menu";
        }
    }

    record TransferExtension(String ext) implements Transfer {
        public String keyword() {
            return "extension";
        }

        public TransferKind kind() {
            return TransferKind.EXTENSION;
        }

        public String target() {
            return ext;
        }

        @Override
        public IvrAction withDigits(String entered) {
            return new TransferExtension(ext.replace(DigitInput.DIGITS_PLACEHOLDER, entered));
        }
    }

    record TransferQueue(String name) implements Transfer {
        public String keyword() {
            return "queue";
        }

        public TransferKind kind() {
            return TransferKind.QUEUE;
        }

        public String target() {
            return name;
        }

        @Override
        public IvrAction withDigits(String entered) {
            return new TransferQueue(name.replace(DigitInput.DIGITS_PLACEHOLDER, entered));
        }
    }

    record TransferMeeting(String room) implements Transfer {
        public String keyword() {
            return "meeting";
        }

        public TransferKind kind() {
            return TransferKind.MEETING;
        }

        public String target() {
            return room;
        }

        @Override
        public IvrAction withDigits(String entered) {
            return new TransferMeeting(room.replace(DigitInput.DIGITS_PLACEHOLDER, entered));
        }
    }

    record TransferOutside(String number) implements Transfer {
        public String keyword() {
            return "outside";
        }

        public TransferKind kind() {
            return TransferKind.OUTSIDE;
        }

        public String target() {
            return number;
        }

        @Override
        public IvrAction withDigits(String entered) {
            return new TransferOutside(number.replace(DigitInput.DIGITS_PLACEHOLDER, entered));
        }
    }

    record PlayAndHangUp(String prompt) implements IvrAction {
        public String keyword() {
            return "play-and-hangup";
        }
    }

    /** Plays the current menu again; not counted as a failed try. */
    record Repeat() implements IvrAction {
        public String keyword() {
            return "repeat";
        }
    }

    record HangUp() implements IvrAction {
        public String keyword() {
            return "hangup";
        }
    }
}
