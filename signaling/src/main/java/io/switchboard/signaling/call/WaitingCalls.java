package io.switchboard.signaling.call;

import io.switchboard.common.sip.ServerTransaction;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.signaling.feature.FeatureCodes;
import io.switchboard.signaling.group.RingGroup;
import io.switchboard.signaling.group.RingGroupBook;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Calls a phone takes by dialling a feature code ({@link FeatureCodes}): a ringing call (pickup) or a
 * parked one (retrieve). The phone's own INVITE, with its offer, becomes a leg of that call, so it is no
 * call of its own: nothing to find gets 404 saying so. Runs on the dialling INVITE's loop; the taken call
 * goes on on its own loop.
 */
final class WaitingCalls {
    private final SipMessages sip;
    private final Collection<B2buaCall> calls;
    private final ParkingLot parking;

    WaitingCalls(SipMessages sip, Collection<B2buaCall> calls, ParkingLot parking) {
        this.sip = sip;
        this.calls = calls;
        this.parking = parking;
    }

    /**
     * Pickup: the longest-ringing call for the named extension ({@code **ext}, directed) or for any member of
     * the picker's ring groups ({@code *8}, group) is answered by the picker's phone instead. The search
     * scans this member's calls: pickups are rare, so a scan beats an index kept on every ring.
     */
    void pickUp(ServerTransaction tx, String picker, String dialled, RingGroupBook groups) {
        Set<String> wanted = new HashSet<>();
        String directed = FeatureCodes.directedPickupTarget(dialled);
        if (directed != null) {
            wanted.add(directed);
        } else if (groups != null) {
            for (RingGroup g : groups.withMember(picker)) {
                wanted.addAll(g.members());
                wanted.add(g.number());
            }
            wanted.remove(picker);
        }
        B2buaCall found = null;
        for (B2buaCall call : calls) {
            if (call.caller.equals(picker)) {
                continue;
            }
            for (String ext : wanted) {
                if (call.ringingFor(ext) && (found == null || call.startedAt() < found.startedAt())) {
                    found = call;
                }
            }
        }
        if (found == null) {
            tx.respond(sip.response(tx.request(), Response.NOT_FOUND, "Not Found - no call ringing to pick up"));
            return;
        }
        take(tx, found, "a pickup", (call, leg, offer) -> call.pickUp(tx, leg, picker, offer));
    }

    /** Retrieve: the call parked on the slot dialled is joined by the retriever's phone; an empty slot gets 404. */
    void retrieve(ServerTransaction tx, String retriever, String slot) {
        Optional<B2buaCall> parked = parking.at(slot);
        if (parked.isEmpty()) {
            tx.respond(sip.response(tx.request(), Response.NOT_FOUND, "Not Found - no call parked on " + slot));
            return;
        }
        take(tx, parked.get(), "retrieving", (call, leg, offer) -> call.retrieve(tx, leg, retriever, offer));
    }

    /** How the taking phone's leg joins the call found, on that call's loop. */
    private interface Join {
        void join(B2buaCall call, CallLeg leg, String offer);
    }

    private void take(ServerTransaction tx, B2buaCall call, String what, Join join) {
        Request request = tx.request();
        String offer = B2buaCall.body(request);
        if (offer == null) {
            tx.respond(sip.response(request, Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here - " + what + " needs an SDP offer"));
            return;
        }
        tx.respond(sip.response(request, Response.TRYING));
        String localTag = ((ToHeader) sip.response(request, Response.RINGING).getHeader(ToHeader.NAME)).getTag();
        CallLeg leg = CallLeg.answering(sip, request, localTag, tx.flow());
        call.shard.execute(() -> join.join(call, leg, offer));
    }
}
