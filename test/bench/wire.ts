// What the bench's extension side has on the wire: the transport's exchange (Node's http, as shipped) counted in and
// out, so the virtual clock moves only while nothing is on its way (virtualClock.ts). Loaded before the client.
import { nodeExchange } from '../../src/core/gitlab/transport/httpExchange';
import { replaceDefaultExchange } from '../support/replaceExchange';

export const wire = { inFlight: 0 };

replaceDefaultExchange(async (request) => {
  wire.inFlight++;
  try {
    return await nodeExchange(request);
  } finally {
    wire.inFlight--;
  }
});
