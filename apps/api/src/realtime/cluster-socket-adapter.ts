import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { PostgresAdapter } from '@socket.io/postgres-adapter';
import type { Server } from 'socket.io';
import { type ClusterMessage, MessageType } from 'socket.io-adapter';
import type { ClusterChannel } from '../cluster/cluster-channel.js';

const TOPIC = 'socket.io';
/** Messages every node must see even when it seems alone: how nodes find each other. */
const MEMBERSHIP = new Set([MessageType.INITIAL_HEARTBEAT, MessageType.HEARTBEAT, MessageType.ADAPTER_CLOSE]);

/**
 * socket.io across API processes: a message emitted to a room in one process reaches that room's sockets in
 * every process. The cluster protocol is socket.io's own (`@socket.io/postgres-adapter`'s PostgresAdapter, on
 * socket.io-adapter's heartbeat cluster adapter); its transport is our ClusterChannel — PostgreSQL LISTEN/NOTIFY,
 * sealed, because what crosses it (a sighting's notes) must not be readable on disk tomorrow. A process that
 * knows of no other (no heartbeat heard) publishes no broadcasts: one process, as `npm start` runs, pays nothing.
 *
 * It has no connection-state recovery; clients catch up on reconnect instead (the responder app reloads its pings,
 * and the server replays a responder's open pings on every connection, see RealtimeGateway).
 */
export class ClusterSocketAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly cluster: ClusterChannel,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Parameters<IoAdapter['createIOServer']>[1]): ReturnType<IoAdapter['createIOServer']> {
    const server = super.createIOServer(port, options);
    // Nest's socket.io and ours are two copies of one version: the namespace is the same object either way.
    const cluster = this.cluster;
    // socket.io calls `new factory(namespace)`: a plain function returning the adapter (as createAdapter does).
    function clusterAdapter(nsp: unknown): PostgresAdapter {
      const holder: { adapter?: PostgresAdapter } = {};
      const transport = {
        publish: async (message: ClusterMessage) => {
          const alone = (holder.adapter as unknown as { nodesMap: Map<string, number> } | undefined)?.nodesMap.size === 0;
          if (!MEMBERSHIP.has(message.type) && alone) return;
          await cluster.publish(TOPIC, message);
        },
        addNamespace: () => undefined,
        close: () => undefined,
      };
      const adapter = new PostgresAdapter(nsp, {}, transport as never);
      holder.adapter = adapter;
      cluster.subscribe(TOPIC, { apply: (message) => adapter.onMessage(message as ClusterMessage), resync: () => Promise.resolve() });
      return adapter;
    }
    (server as unknown as Server).adapter(clusterAdapter as never);
    return server;
  }
}
