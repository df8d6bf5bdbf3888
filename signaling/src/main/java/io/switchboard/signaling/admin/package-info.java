/**
 * The admin HTTP API (JSON over HTTP/1.1, HTTP Basic authentication per RFC 7617) that the web
 * portal and operators' scripts use: one {@link io.switchboard.signaling.admin.AdminRoutes} per resource.
 */
package io.switchboard.signaling.admin;
