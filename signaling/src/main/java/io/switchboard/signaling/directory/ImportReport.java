package io.switchboard.signaling.directory;

import java.util.List;

/**
 * The outcome of a CSV import: how many users were written, how many lines were refused, the
 * first {@link UserCsvImport#MAX_REPORTED_ERRORS} refusals ({@code "line 7: password is empty"})
 * and how long it took.
 */
public record ImportReport(long imported, long failed, List<String> errors, long elapsedMillis) {

    public ImportReport {
        errors = List.copyOf(errors);
    }
}
