import { describe, expect, it } from 'vitest';
import { complaintSignals, complaintStrength, COMPLAINT_THRESHOLD } from '../../../lambdas/core/analysis/complaint-signals.ts';

const families = (text: string) => [...new Set(complaintSignals(text).map((s) => s.name.split(':')[0]))];
const isComplaint = (text: string) => complaintStrength(complaintSignals(text)) >= COMPLAINT_THRESHOLD;

describe('Function: complaintSignals', () => {
  it.each([
    ['service failure', '@acme my parcel never arrived and the tracking has not moved', 'service-failure'],
    ['service failure', 'The app keeps crashing when I open my basket', 'service-failure'],
    ['service failure', 'charged twice for the same order', 'service-failure'],
    ['waiting', 'I have been on hold for 40 minutes', 'waiting'],
    ['waiting', 'train is 2 hours late and counting', 'waiting'],
    ['waiting', 'ordered at 7, it is now 8:40 and nothing', 'waiting'],
    ['waiting', 'the queue at the tills is ridiculously long', 'waiting'],
    ['repeated contact', "I've called 4-5 times in 6 weeks", 'repeated-contact'],
    ['sarcastic thanks', 'thanks for nothing @acme', 'sarcastic-thanks'],
    ['sarcastic praise', 'Great, another cancelled flight. Just great', 'sarcastic-praise'],
    ['question to the brand', '@acme why is my account locked again?', 'question-to-brand'],
    ['question to the brand', 'anyone else having trouble logging in to acme?', 'question-to-brand'],
    ['negation', 'Not happy with the new pricing at all', 'negated'],
    ['demand', 'fix this update please', 'demand'],
    ['churn', 'cancelling my subscription, had enough', 'churn'],
    ['frustration', 'ugh the app again 😡', 'frustration'],
  ])('finds %s in "%s"', (_label, text, family) => {
    expect(families(text)).toContain(family);
  });

  it.each([
    'I have been on hold for 40 minutes',
    'thanks for nothing, lost my bag and the desk just shrugged',
    'My apps stop working and my phone freezes every five minutes! Love the new update',
    'Still waiting for my refund. When will I see my money?',
    "@acme I've emailed three times about the documents and heard nothing",
    'Took my phone off charge an hour ago and it dropped 40% already',
    'thanks @acme for making life so complicated',
    'yes, now is a perfect time to restart my laptop without asking #not',
    '@acme please get yourself together, do better',
    'fix the app please, it logs me out',
    '@acme can you make a charger that actually lasts',
    'me too, suffering with the same thing since Monday',
    'you used to be good, what happened',
    'the browser keeps closing on me',
    'takes 2 hours to sync one playlist',
    'MY LAPTOP IS NOT TURNING BACK ON',
  ])('calls "%s" a complaint on its own', (text) => {
    expect(isComplaint(text)).toBe(true);
  });

  it.each([
    'No problems at all with my delivery, thanks',
    'no delays on the line today, smooth trip',
    'never had an issue with them',
    'Thanks for the quick reply, all sorted!',
    "The new store doesn't open until 9 on Sundays",
    'Can not wait for the new phone',
    'The queue for the launch was 3 hours and worth every minute',
    'Google to launch new social network called Circles, possibly 2day',
    "@acme why don't you make the headphones in more colours?",
    'Why is the company worth so much?',
    'Thank you @acme for fixing the crashes in the editor, life is better',
    'Steve reveals the company did not start in a garage',
    'takes 5 minutes to set up, lovely',
  ])('does not call "%s" a complaint', (text) => {
    expect(isComplaint(text)).toBe(false);
  });

  it("cancels complaint words quoted in a support agent's reply", () => {
    const reply = "@jo We're sorry your flight has been delayed. Please DM us your booking reference - Sam";
    expect(isComplaint(reply)).toBe(false);
    expect(families(reply)).toContain('support-reply');
  });

  it('needs a failure around praise or frequency before reading them as a complaint', () => {
    expect(families('Great job on the new menu, I eat there every day')).toEqual([]);
    expect(families('Great job, the app crashed again')).toContain('sarcastic-praise');
  });

  it('names each signal with its family and the matched words', () => {
    expect(complaintSignals('on hold for 40 minutes').map((s) => s.name)).toEqual([
      'service-failure:on hold',
      'waiting:on hold for 40 minutes',
    ]);
  });
});
