// Fenced code blocks of a Markdown file, with the docs-test note written just above a block:
//   <!-- docs-test: skip <why it cannot run offline> -->   (must say why)
//   <!-- docs-test: background -->   (a server: runs in the background while the file's later
//                                      blocks run, until the next background block or the end)
const NOTE = /^<!--\s*docs-test:\s*(\w+)\s*(.*?)\s*-->$/;

export function markdownBlocks(text) {
  const lines = text.split('\n');
  const blocks = [];
  let note;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const noteMatch = NOTE.exec(line);
    if (noteMatch) {
      note = { kind: noteMatch[1], reason: noteMatch[2], line: i + 1 };
      continue;
    }
    const fence = /^(`{3,})(\S*)/.exec(line);
    if (!fence) {
      if (line !== '') note = undefined;
      continue;
    }
    const end = lines.findIndex((other, j) => j > i && other.trim() === fence[1]);
    if (end === -1) throw new Error(`line ${i + 1}: unclosed code fence`);
    blocks.push({ lang: fence[2], line: i + 1, code: lines.slice(i + 1, end).join('\n'), note });
    note = undefined;
    i = end;
  }
  for (const block of blocks) {
    const { note: blockNote } = block;
    if (!blockNote) continue;
    if (!['skip', 'background'].includes(blockNote.kind)) {
      throw new Error(`line ${blockNote.line}: unknown docs-test note "${blockNote.kind}"`);
    }
    if (blockNote.kind === 'skip' && blockNote.reason.length < 20) {
      throw new Error(`line ${blockNote.line}: a docs-test skip must say why the block cannot run`);
    }
  }
  return blocks;
}
