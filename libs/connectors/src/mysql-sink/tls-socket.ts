// TLS to MySQL by IP address with ssl.mode=verify-full.
import { connect as connectTcp, type Socket } from 'node:net';

/**
 * A TCP socket to an IP address that TLS verification will check the certificate against: mysql2
 * sends no SNI name for an IP, and Node then checks the certificate against the socket's `_host`,
 * which it leaves empty for IP connections (so "localhost" would be checked instead).
 */
export function socketNamedFor(host: string, port: number): Socket {
  const socket = connectTcp(port, host);
  socket.setNoDelay(true);
  (socket as Socket & { _host: string | null })._host = host;
  return socket;
}
