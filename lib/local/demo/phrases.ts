/**
 * Building blocks of the demo's posts. Sentences are assembled from parts so the week reads
 * like real traffic rather than the same twenty lines on repeat.
 */

export const FIRST_NAMES = ['alex', 'sam', 'priya', 'jordan', 'mei', 'tomas', 'aisha', 'liam', 'noor', 'kofi', 'ines', 'dev', 'hana', 'oscar', 'zoe', 'ravi', 'lena', 'marco', 'yuki', 'chloe', 'ben', 'fatima', 'nils', 'ada'];
export const HANDLE_SUFFIXES = ['', '_', '88', '_uk', 'writes', 'tech', '_dev', '23', 'onthego', 'x', '_official', 'makes'];

export const PRAISE = [
  'Battery on my {brand} still at 40% after a full day. Impressed.',
  'The camera on the {brand} is honestly ridiculous in low light',
  'Switched to {brand} last month and not looking back',
  'Shout out to {handle} support, sorted my screen issue in ten minutes',
  'That {brand} keynote was slick. The new colours 🔥',
  'Anyone else love how quiet the {brand} haptics are?',
  'Got my dad a {brand}. He has figured out video calls. Miracles happen 😂',
  'Three years on my {brand} and it still feels new',
  '{brand} photos from the weekend hike came out great',
  'Really like the new widgets in the {brand} update',
];

export const NEUTRAL = [
  'Is the {brand} case compatible with MagSafe chargers?',
  'Thinking about getting a {brand}. Thoughts?',
  'What time does the {brand} launch stream start in Europe?',
  '{brand} vs the competition, which one for photography?',
  'Does {handle} ship to Ireland?',
  'Reading the {brand} spec sheet on the train',
  'Trade-in value for an old {brand} seems to vary a lot by shop',
  'New {brand} ad is on TV again',
  'Which storage size of the {brand} do people actually need?',
  'Anyone know if the {brand} supports eSIM in Japan?',
];

/** Ordinary-week gripes: a few a day, on many themes. */
export const GRIPES = [
  'My {brand} charger died after two months. Meh.',
  '{handle} why is the screen protector so expensive',
  'The {brand} app keeps logging me out, annoying',
  'Not a fan of the new {brand} ringtone tbh',
  'Delivery of my {brand} case is late again',
  '{brand} autocorrect is driving me up the wall',
];

/** The botched launch: complaint openings, problems and closings combine into many posts. */
export const LAUNCH_OPENINGS = {
  'product-defect': [
    'Day one with the {launch} and',
    'So my brand new {launch}:',
    'Update 9.0.1 on the {launch}:',
    '{handle} my {launch} is a mess,',
    'Unboxed the {launch} this morning and',
    'Week-one review of the {launch}:',
  ],
  delivery: ['Pre-ordered the {launch} in September and', '{handle} where is my {launch}?', 'Launch day for the {launch} and'],
  'customer-service': ['Trying to get help with my {launch} and', '{handle} seriously,', 'Problem with my {launch}, so'],
  billing: ['{handle} about my {launch} order:', 'Checked my bank after ordering the {launch} and'],
} as const;

export const LAUNCH_PROBLEMS = {
  'product-defect': [
    'it gets so hot it is painful to hold after ten minutes of charging',
    'it is stuck on the boot logo after the update. Completely bricked',
    'the screen flickers green every time I open the camera',
    'it restarts itself every hour since the update',
    'the battery drops 30% in an hour doing nothing',
  ],
  delivery: [
    'the order still says processing, two days after launch day',
    'the courier marked it delivered but nothing arrived',
    'my pre-order was cancelled without any notice',
  ],
  'customer-service': [
    'I have been on hold with support for 50 minutes',
    'the support chat closed on me twice, no response to my emails',
    'the store told me to call support and support told me to go to the store',
  ],
  billing: [
    'I was charged twice for the same pre-order and nobody will refund me',
    'the trade-in credit never arrived and the full price was taken',
  ],
} as const;

export const LAUNCH_CLOSINGS = [
  '',
  ' Not impressed.',
  ' Thanks for nothing.',
  ' Absolutely unacceptable for a £1,099 phone.',
  ' Is anyone else getting this?',
  ' Still waiting for a fix.',
  ' Really disappointed.',
  ' How is this still not fixed?',
  ' Want my money back.',
  ' #{tag}',
  ' #{tag}fail',
];

export const HIGH_REACH_POST =
  'I have tested phones for 12 years and I have never had one get this hot. The {launch} hit 51°C on a normal charger. Do not charge it overnight until {handle} says what is going on.';

export const SAFETY_POST = 'The {launch} burned my daughter’s hand while charging. This is a safety issue and we are talking to a lawyer. {handle}';

export const BRAND_REPLIES = [
  'We are sorry, {user}, that is not the experience we want for you. Please DM us your order number so we can put this right.',
  'Thanks for flagging this, {user}. Our team is on it. Could you send us a DM with the serial number so we can help directly?',
  '{user} we hear you, and we are sorry. A fix for the heating issue is rolling out now. DM us and we will look after you.',
  'Hi {user}, that is on us. We have escalated your case. Please check your DMs.',
];

export const RECOVERY = [
  'Update 9.0.2 fixed the heating on my {launch}. Thanks {handle} for the quick reply',
  'Credit where due, {handle} replaced my {launch} same day',
  '{launch} is cool to the touch now after the patch 👍',
  'Finally got my {launch} delivered. Apology note in the box was a nice touch',
];
