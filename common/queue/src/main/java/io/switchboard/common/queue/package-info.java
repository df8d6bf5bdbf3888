/**
 * Call queues as the cluster shares them: a queue's definition ({@link io.switchboard.common.queue.QueueDefinition},
 * kept in the database by signaling and published in the {@code queues} map), its agents' states
 * ({@code queue-agents}), which queue node hosts it ({@code queue-owners}), its live statistics
 * ({@code queue-stats}), which agents are on a call ({@code agent-calls}) and the record of each caller
 * on its way to signaling's database ({@code queue-calls}). Each map (or queue) has one owner class
 * here; signaling and the queue servers use them.
 */
package io.switchboard.common.queue;
