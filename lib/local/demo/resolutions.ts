/** What the demo's resolver writes in the resolve form: whether the alert was real, the root cause and lessons by theme. */
import type { Resolution } from './simulated-owners.ts';

const due = (days: number, from: Date) => new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);

type Notes = Omit<Resolution, 'verdict' | 'why' | 'duplicateOf'>;
const real = (notes: Notes): Resolution => ({ verdict: 'real', why: '', duplicateOf: '', ...notes });

/** The bot campaign's page (bot-campaign.ts): nobody real was behind it, and the resolver says so. */
export function botCampaignResolution(now: Date): Resolution {
  return {
    verdict: 'false-alarm',
    why: 'spam-or-bots',
    duplicateOf: '',
    rootCause: 'A copy-paste campaign: a dozen accounts made this week posted the same text within the hour. No customer was behind it.',
    trigger: 'The accounts started posting at the same minute.',
    whatHelped: 'Opening the profiles: no followers, no history, the same wording.',
    wentWell: 'Nobody replied in public, so the campaign got no attention from us.',
    wentBadly: 'A page went out for noise, and level 1 slept through it.',
    lucky: '',
    items: [{ text: 'Report the accounts to the platform', owner: 'Community team', due: due(3, now) }],
  };
}

export function demoResolution(theme: string, now: Date): Resolution {
  const base: Record<string, Notes> = {
    'product-defect': {
      rootCause: 'Firmware 9.0.1 shipped with a charging profile meant for the lab chargers; on third-party chargers the battery held full current and the phones overheated.',
      trigger: 'The launch-day over-the-air update reached every new phone at once.',
      whatHelped: 'Posting the known issue within the hour, and the 9.0.2 rollback of the charging profile.',
      wentWell: 'Support replied publicly to most complaints the same day and moved them to DMs.',
      wentBadly: 'Level 1 was asleep: the page waited 15 minutes before it reached the support lead.',
      lucky: 'The journalist who posted about the heat had tested it on a desk, not overnight.',
      items: [
        { text: 'Add third-party chargers to the release test matrix', owner: 'Hardware QA', due: due(14, now) },
        { text: 'Stage OTA updates to 5% of devices for 24 hours before 100%', owner: 'Release engineering', due: due(21, now) },
        { text: 'Give the community team a second on-call for launch days', owner: 'Head of communications', due: due(7, now) },
      ],
    },
    safety: {
      rootCause: 'The same 9.0.1 charging profile: one phone on a third-party charger reached 61 °C and burned its owner\'s hand.',
      trigger: 'A customer posted a photo of the burn and said she had called a lawyer.',
      whatHelped: 'The safety lead called her within the hour; legal approved the one public reply before it went out.',
      wentWell: 'Nobody argued the facts in public, and the phone was collected for the lab the same day.',
      wentBadly: 'Level 1 slept through this page too: 15 more minutes before anyone owned a safety report.',
      lucky: 'The burn was minor, and she agreed to talk to us before talking to the press.',
      items: [
        { text: 'Page the product-safety lead directly for every safety incident', owner: 'Head of communications', due: due(7, now) },
        { text: 'Publish the charger guidance and the 9.0.2 fix on the support site', owner: 'Support', due: due(3, now) },
      ],
    },
    delivery: {
      rootCause: 'The courier integration dropped pre-orders whose address had a second line, so they never left the warehouse.',
      trigger: 'Launch-day volume hit the untested address path.',
      whatHelped: 'A manual re-export of the stuck orders.',
      wentWell: 'Every stuck customer got an apology email with a tracking link within a day.',
      wentBadly: 'Nobody watched the order pipeline on launch day.',
      lucky: 'Most stuck orders were within one warehouse.',
      items: [{ text: 'Alert when paid orders are not shipped within 24 hours', owner: 'Logistics', due: due(10, now) }],
    },
  };
  return real(
    base[theme] ?? {
      rootCause: `A launch-day failure behind the ${theme} complaints; see the linked support tickets.`,
      trigger: 'The Nimbus 9 launch.',
      whatHelped: 'Replying publicly and moving people to DMs.',
      wentWell: 'The first public reply went out within the hour.',
      wentBadly: 'The first page went unanswered.',
      lucky: 'It peaked outside US hours.',
      items: [{ text: `Write a ${theme} playbook for launches`, owner: 'Community team', due: due(14, now) }],
    }
  );
}
