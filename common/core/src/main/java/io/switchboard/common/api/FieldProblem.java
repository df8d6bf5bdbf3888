package io.switchboard.common.api;

/** What is wrong with one field of a definition, for an API error that names the field. */
public record FieldProblem(String field, String reason) {
}
