/** Ring groups: one number ringing several extensions at once, in order or round robin, then a fall-through. */
package io.switchboard.signaling.group;
