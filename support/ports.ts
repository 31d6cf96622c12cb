/** Ports for the servers a test or a harness starts on the side, so that none collides with `npm start`. */
import { createServer } from 'node:net';

/** A free TCP port on the loopback interface (bound and released at once). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
