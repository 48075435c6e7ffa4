/**
 * A suggested first public reply per complaint theme. Each one acknowledges the problem,
 * apologises once without grovelling, says what is being done, moves the details to a private
 * channel and takes ownership. Written fresh for crisis-desk (not copied from any brand).
 * The owner edits it before posting: it is a starting point, not an auto-reply.
 */

export const THEMES = [
  'billing', 'outage', 'delivery', 'product-defect', 'customer-service',
  'account-security', 'safety', 'legal', 'brand-post', 'other',
] as const;
export type Theme = (typeof THEMES)[number];

export interface SuggestedReply {
  /** The public reply, with `{brand}` filled in and `^XX` for the replier's initials. */
  text: string;
  /** What to watch for with this theme before posting. */
  caution: string;
}

const REPLIES: Record<Theme, (brand: string) => SuggestedReply> = {
  billing: () => ({
    text: "We're sorry about the charge. That shouldn't have happened, and we're checking the billing on our side now. Please DM us the email on your account (never card details) and we'll put it right with you. ^XX",
    caution: 'Never ask for card numbers in public or in DM. Promise a check, not a refund, until someone has looked.',
  }),
  outage: (brand) => ({
    text: `Sorry, ${brand} isn't working properly for some of you right now. Our engineers are on it and we'll post an update here as soon as it's fixed. If you're still stuck after that, DM us and we'll sort it out together. ^XX`,
    caution: 'Give no time estimate you cannot keep. Post the update in the same thread when it is fixed.',
  }),
  delivery: () => ({
    text: "Sorry your order hasn't turned up when we said it would. We're chasing it with our delivery team now. Please DM us your order number and we'll track it down and keep you posted. ^XX",
    caution: 'Ask for the order number only in DM; addresses and phone numbers never in public.',
  }),
  'product-defect': () => ({
    text: "Sorry, that's not how it should work, and we get how frustrating it is. Our product team is looking into it. Please DM us the model or version and what happened, and we'll make it right with you. ^XX",
    caution: 'Do not blame the customer or suggest they used it wrong. If many report the same fault, say so once in public.',
  }),
  'customer-service': () => ({
    text: "You deserved a quicker and better answer than that, and we're sorry. Please DM us your details: we'll take it from here ourselves, with no new queue to join. ^XX",
    caution: 'Follow through in DM within the hour: a second broken promise is worse than the first.',
  }),
  'account-security': () => ({
    text: "Thanks for telling us. We take this seriously and our security team is looking into it now. Please don't post passwords or codes here; DM us the email on your account and we'll help you secure it. ^XX",
    caution: 'Confirm nothing about a breach in public before the security team has. Never ask for passwords or one-time codes.',
  }),
  safety: () => ({
    text: "Thank you for raising this, and we're sorry. Safety comes first: our team is investigating now. Please DM us what happened and how to reach you, and we'll follow up with you directly. ^XX",
    caution: 'Involve the safety or product-recall lead before posting anything beyond this first reply.',
  }),
  legal: () => ({
    text: "Thanks for flagging this, and we're sorry for the trouble. We're looking into it. Please DM us how to reach you so the right person can get back to you directly. ^XX",
    caution: 'Have legal read the thread before anyone replies. Admit no liability and do not argue facts in public.',
  }),
  'brand-post': () => ({
    text: "We hear you, and we're sorry this landed badly. We're reviewing it with the team now and will share what we change. If you'd like to tell us more, our DMs are open. ^XX",
    caution: 'Do not delete the post quietly; if it comes down, say so and why.',
  }),
  other: () => ({
    text: "Sorry to hear this. We'd like to put it right and we're looking into it now. Please DM us the details and we'll follow up with you personally. ^XX",
    caution: 'Read the worst posts in full before replying, so the reply answers what people actually said.',
  }),
};

export const isTheme = (t: string): t is Theme => (THEMES as readonly string[]).includes(t);

/** The reply for a theme; an unknown theme gets the general one. */
export function suggestedReply(theme: string, brandName: string): SuggestedReply {
  return REPLIES[isTheme(theme) ? theme : 'other'](brandName);
}
