import { describe, expect, it } from 'vitest';
import { encodeMessage, ServerMessage } from '../emojis/protocol.js';
import { swiftPrettyJSON } from '../shared/swift-json.js';
import { textFrameBox } from './text-frame-box.js';

describe('textFrameBox', () => {
  it('draws the welcome as the Swift README shows it', () => {
    const box = textFrameBox('Received Text Frame', swiftPrettyJSON(encodeMessage(ServerMessage.welcome())));
    expect(box).toBe(
      [
        `⌈${'⎺'.repeat(25)} Received Text Frame ${'⎺'.repeat(25)}⌉`,
        '',
        '  {',
        '    "welcome" : {',
        '      "_0" : {',
        '        "message" : "Welcome to the Emojis server 😃"',
        '      }',
        '    }',
        '  }',
        '',
        `⌊${'⎽'.repeat(71)}⌋`,
      ].join('\n'),
    );
  });

  it('drops the blank line of an empty object, as Swift does, and sizes the box on the widest line', () => {
    const box = textFrameBox('Received Text Frame', swiftPrettyJSON(encodeMessage(ServerMessage.success({ kind: 'startStream' }))));
    const lines = box.split('\n');
    expect(lines[0]).toBe(`⌈${'⎺'.repeat(13)} Received Text Frame ${'⎺'.repeat(13)}⌉`);
    expect(lines).toContain('            "startStream" : {');
    expect(lines[lines.indexOf('            "startStream" : {') + 1]).toBe('            }');
    expect(lines.at(-1)).toBe(`⌊${'⎽'.repeat(47)}⌋`);
  });
});
