/**
 * IVR applications as data: the YAML definition, its parser and validation (every problem with its
 * line), and {@link io.switchboard.common.ivr.IvrApps}, the owner of the {@code ivr-apps} map. Shared
 * by signaling (admin API, routing a dialled number to an application) and the IVR server (running it).
 */
package io.switchboard.common.ivr;
