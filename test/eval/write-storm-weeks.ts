/** `npx tsx test/eval/write-storm-weeks.ts [file.jsonl]`: writes the generated storm weeks (see storm-weeks.ts). */
import { writeStormWeeks } from './storm-weeks.ts';

const file = await writeStormWeeks(process.argv[2] ?? '.crisis-desk/storm-weeks.jsonl');
console.log(`wrote ${file}`);
