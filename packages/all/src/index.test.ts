import { describe, expect, it } from 'vitest';
import * as all from './index.js';

describe('@aws/all', () => {
  it('re-exports the interface, the live client and a ready default client', () => {
    expect(typeof all.createLiveClient).toBe('function');
    expect(typeof all.ID).toBe('function');
    expect(all.CloseCode.normalClosure).toBe(1000);
    expect(all.webSocket.isConnected(all.ID())).toBe(false);
    expect(() => all.unimplemented.receive(all.ID())).toThrow(all.UnimplementedError);
    expect(all.case).toBe(all.caseOf);
    expect(typeof all.json).toBe('function');
    expect(typeof all.byConnection).toBe('function');
  });

  it('re-exports the server: the upgrade decisions and the live server', () => {
    expect(typeof all.createLiveServer).toBe('function');
    expect(all.accept({ user: 'ada' })).toEqual({ accept: true, context: { user: 'ada' } });
    expect(all.refuse(401).status).toBe(401);
  });
});
