/**
 * The serving certificate and key, read from files and watched: when either
 * file changes (cert-manager renews the Secret, the kubelet swaps the mounted
 * files), the new pair is checked and installed for new connections; a broken
 * pair is logged and the old one kept.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext, type Server } from 'node:tls';
import { InputError } from '../errors.js';
import type { Logger } from './log.js';

export interface KeyPair {
  cert: Buffer;
  key: Buffer;
}

export function readKeyPair(certFile: string, keyFile: string): KeyPair {
  let cert: Buffer;
  let key: Buffer;
  try {
    cert = readFileSync(certFile);
  } catch (e) {
    throw new InputError(`cannot read the TLS certificate: ${(e as Error).message}`, certFile);
  }
  try {
    key = readFileSync(keyFile);
  } catch (e) {
    throw new InputError(`cannot read the TLS key: ${(e as Error).message}`, keyFile);
  }
  try {
    createSecureContext({ cert, key });
  } catch (e) {
    throw new InputError(`the TLS certificate and key do not form a usable pair: ${(e as Error).message}`, certFile);
  }
  return { cert, key };
}

/** Polls the files every `intervalMs`; returns a function that stops watching. */
export function watchKeyPair(server: Server, certFile: string, keyFile: string, current: KeyPair, intervalMs: number, log: Logger, onReload: () => void): () => void {
  let last = current;
  const timer = setInterval(() => {
    let next: KeyPair;
    try {
      next = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
    } catch (e) {
      log.log('warn', 'cannot read the TLS files; keeping the current certificate', { error: (e as Error).message });
      return;
    }
    if (next.cert.equals(last.cert) && next.key.equals(last.key)) return;
    try {
      server.setSecureContext({ cert: next.cert, key: next.key });
    } catch (e) {
      // Mid-rotation the certificate may be new and the key still old: try again next tick.
      log.log('warn', 'the TLS certificate and key on disk do not form a usable pair; keeping the current one', { error: (e as Error).message });
      return;
    }
    last = next;
    onReload();
    log.log('info', 'TLS certificate reloaded', { certFile });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
