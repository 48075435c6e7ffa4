/**
 * Complaint signals: the language of a customer telling a brand something went wrong,
 * which general-purpose sentiment misses ("on hold for 40 minutes" has no negative word).
 *
 * Each rule is a general pattern of complaint language with a weight: 1 is a complaint on
 * its own ("still waiting", "charged twice"); 0.5 needs a second cue ("delay", "refund",
 * an angry emoji). Negative weights mark text that is not a complaint however it reads
 * (a support agent's "sorry to hear that").
 */
import { normalise } from './text.ts';

export interface Signal {
  /** `family:matched text`, e.g. "service-failure:on hold", "waiting:40 minutes". */
  name: string;
  weight: number;
}

export type SignalFamily =
  | 'service-failure'
  | 'waiting'
  | 'repeated-contact'
  | 'sarcastic-thanks'
  | 'sarcastic-praise'
  | 'question-to-brand'
  | 'negated'
  | 'demand'
  | 'churn'
  | 'frustration'
  | 'support-reply'
  | 'praise'
  | 'frequency';

interface Rule {
  family: SignalFamily;
  weight: number;
  re: RegExp;
}

/** A complaint on its own at this summed weight. */
export const COMPLAINT_THRESHOLD = 1;

const NUM = String.raw`(?:(?<![\w:])\d+(?:[.,]\d+)?(?:\s*(?:-|to)\s*\d+)?\+?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|several|few|many|couple of|over an?|almost an?|nearly an?)`;
const UNIT = String.raw`(?:min(?:ute)?s?|hours?|hrs?|h|days?|weeks?|wks?|months?)`;
const DEVICE = String.raw`(?:app|site|website|page|service|server|servers|network|internet|wifi|wi-fi|system|platform|signal|broadband|line|lines|power|phone|iphone|ipad|laptop|tv|account|card|payment|checkout|login|connection|email|printer|update|car)`;
/** A number and a unit: "40 minutes", "2h", "three days"; not "2day" (today). */
const DURATION = String.raw`${NUM}(?:\s+${UNIT}|\s*(?:min|mins|h|hr|hrs)\b)`;
const CONTACT = String.raw`(?:called|rang|emailed|e-mailed|messaged|tweeted|dm'?d|contacted|chased|asked|complained|tried|phoned|written|wrote)`;

const RULES: Rule[] = [
  // Service failure: the thing did not happen, stopped, or arrived wrong.
  { family: 'service-failure', weight: 1, re: /\bon hold\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:still|keep|kept) waiting\b/ },
  { family: 'service-failure', weight: 0.5, re: /\bbeen waiting\b/ },
  { family: 'service-failure', weight: 1, re: /\bstill (?:no|not|nothing|haven't|hasn't|have not|has not|can't|cannot|doesn't|does not|don't|isn't|won't|unable|broken|down|waiting|getting|having|charging|showing|telling|chasing|trying|missing|stuck|happening)\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:no|zero|without any|without a) (?:response|reply|replies|answer|help|update|updates|feedback|refund|compensation|apology|explanation|signal|service|internet|wifi|wi-fi|power|connection|delivery slots?|call ?back|communication|information)\b(?! (?:cuts?|outages?|issues?|problems?|complaints?|drops?|delays?|interruptions?))/ },
  { family: 'service-failure', weight: 1, re: /\b(?:nothing (?:is |has )?(?:loading|working|happening|showing|arrived|changed|loads|works)|nobody (?:can|could|will|has|knows|is|came|answers|answered|cares|replied|responded|called|got back|bothered|explained))\b/ },
  { family: 'service-failure', weight: 1, re: /\bno ?one (?:here|there|to help|has|will|is|came|answers|answered|picks up|responded|replied|called|got back|bothered|cares)\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:never|hasn't|haven't|has not|have not|still not|not yet) (?:been )?(?:arrived|arrive|received|rec'?d|recvd|got|gotten|heard back|heard|replied|responded|came|delivered|showed up|turned up|called back|refunded|fixed|resolved|sorted|answered)\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:was|were|been|got|is|are|has been|have been|gets|keeps getting) (?:cancel+ed|delayed|lost|overbooked|bumped|stranded|misdelivered|ignored)\b/ },
  { family: 'service-failure', weight: 0.5, re: /\b(?:cancel+ed|cancel+ation|delay|delays|delayed|refund|stranded|overbooked|(?:is|was|are|were|arrived|running|always|very|so) late)\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:(?:is|are|was|were|still|went|gone|go) missing|missing (?:item|items|parcel|package|order|bag|bags|money|refund|payment|delivery|pieces?|parts?))\b/ },
  { family: 'service-failure', weight: 1, re: /\blost (?:my|our|the|his|her|their) (?:luggage|bag|bags|suitcase|package|parcel|order|data|files|photos|contacts|music|playlists?|money|booking|reservation)\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:is|are|'s|'re|was|were|arrived|came|still|completely|totally|now|all) (?:broken|damaged|faulty|defective|smashed|cracked|useless|unusable)\b/ },
  { family: 'service-failure', weight: 0.5, re: /\b(?:broken|busted|faulty|defective|damaged|unusable)\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:not|isn't|aren't|wasn't|doesn't|does not|don't|do not|won't|will not|didn't|did not|stopped|stops|stop|never|can't|cannot|couldn't|unable to|barely|hardly) (?:work|works|working|load|loading|connect|connecting|respond|responding|turn(?:ing)? (?:back )?on|charge|charging|restart|sync|syncing|download|downloading|update|updating|print|printing|let me|go through)\b(?! (?:until|till|til|before|on (?:sundays?|mondays?|weekends?)))/ },
  // "did not start", "not playing", "won't open": a failure when a device does it, often a person's narrative otherwise.
  { family: 'service-failure', weight: 0.5, re: /\b(?:not|isn't|wasn't|doesn't|does not|won't|will not|didn't|did not|stopped|never|can't|cannot|couldn't|unable to) (?:open|opening|start|starting|play|playing|send|sending)\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:none|nothing|half) of (?:my|the|our|your) (?:\w+ )?(?:works?|working|loads?|syncs?|arrived|showed up|plays?)\b|\b(?:that|which|one that) (?:actually )?(?:works?|lasts?)\b(?=[^.!?]*$)|\b(?:supposed to|meant to) (?:work|last|be fixed|arrive)\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:can'?t|cannot|can not|couldn't|unable to) (?:log ?in|login|sign ?in|access|connect|get through|get hold|reach|use|download|load|open|pay|check ?in|find my|get my|cancel|book|order|see my|listen|stream|watch|call|hear)\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:crash(?:es|ed|ing)|crashy|keeps? (?:on )?(?:crashing|freezing|skipping|dropping|disconnecting|buffering|logging me out|restarting|failing|cutting out|going down|happening|stopping|closing|quitting|deleting|resetting|rebooting|shutting (?:down|off)|turning off|dying|popping up|signing me out|asking me|lagging|glitching|losing))\b/ },
  { family: 'service-failure', weight: 1, re: new RegExp(String.raw`\b${DEVICE}\b[^.!?]{0,20}\b(?:is|are|'s|went|goes|been|still|keeps going|all) down\b|\b(?:outage|outages|down again|is down|went down|not loading)\b`) },
  { family: 'service-failure', weight: 1, re: /\b(?:overcharg\w*|charged (?:me )?(?:twice|double|again|for something)|double[- ]charged|billed twice|charged twice|wrong (?:amount|bill|charge|order|item|size)|hidden (?:fees?|charges?)|price (?:hike|gouging)|still charging|charging me for)\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:battery|batteries|phone|iphone|ipad|laptop|device)\b[^.!?]{0,30}\b(?:dead|died|dies|dying|drains?|draining|drained|overheat\w*|runs out)\b|\bdrains? (?:my |the )?battery\b|\bbattery (?:life )?(?:is )?(?:terrible|awful|horrible|rubbish|worse|a joke)\b/ },
  { family: 'service-failure', weight: 0.5, re: /\b(?:bug|bugs|buggy|glitch\w*|error|errors|freez(?:e|es|ing)|frozen|lag|laggy|lagging|too slow|so slow|very slow|slow(?:s|ed)? down|slowdown|skipping|disconnect\w*|drops? out|fail|fails|failed|failing|#fail)\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:having|had|have|experiencing|facing|getting) (?:an? |the same |some |more |constant |serious |big |major |these |this )?(?:issues?|problems?|trouble|errors?|bugs?|glitch\w*)\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:rude|unhelpful|unprofessional|incompetent|hung up on|hangs up|put the phone down|transferred (?:me )?(?:\d+|several|multiple|three|four|five) times|passed around|fobbed off|ignor(?:ed|ing) (?:me|us|my|our)|(?:poor|bad|terrible|awful|horrible|worst|appalling|shocking|abysmal) (?:customer )?(?:service|support|experience|communication))\b/ },
  { family: 'service-failure', weight: 0.5, re: /\b(?:worst|terrible|horrible|awful|appalling|atrocious|pathetic|useless|disgrace\w*|unacceptable|ridiculous|shocking|shambles|nightmare|rip ?off|ripoff|scam|incompetent|disappoint\w*|frustrat\w*|annoy\w*|fed up|sick of|tired of|furious|livid|angry|gutted|horrendous|abysmal|rubbish|crap|crappy|sucks?|sux|sucked)\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:waste of (?:time|money)|what a joke|is a joke|epic fail|not good enough|not fit for purpose|false advertising|misleading|never again)\b/ },

  { family: 'service-failure', weight: 1, re: /\b(?:out of sync|unwatchable|unusable|unplayable|unreadable|unreachable|unresponsive|inaccessible|unbearable|not fit for|doesn't (?:last|stay|hold)|won't (?:last|stay|hold)|messed up|screwed up|kicked the bucket|gave up the ghost|marked (?:as )?delivered|says (?:it was |it's |it is )?delivered|(?:don't|didn't|do not|did not) recogni[sz]e|need (?:a|to (?:speak|talk) to an?) (?:human|person|real person|manager)|went up (?:again|by)|(?:bill|price|premium|quote|charges?) (?:has |have )?(?:doubled|tripled|went up|gone up|increased|jumped))\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:another|yet another|once again|again a) (?:cancel+ed|cancel+ation|delay|delayed|outage|crash|failure|broken|missed|late|lost|wrong)\b|\b(?:cancel+ed|delayed|down|broken|crashed|crashing|late|failed|missing|wrong|out) again\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:drop(?:ped|s)?|drain(?:ed|s)?|lost|loses|losing|down|goes down)\b[^.!?]{0,15}?\b\d{1,3} ?(?:%|percent|per cent)/ },
  { family: 'service-failure', weight: 1, re: /\b(?:started|began|happening|happens|happened|broke|broken) (?:right |immediately |straight |just )?(?:after|since) (?:i |the |my |your |this |last )*(?:updat|upgrad|install|download)\w*/ },
  { family: 'frequency', weight: 0.5, re: /\b(?:since|after) (?:the |this |your |my |last |latest |new )+(?:update|upgrade|release|patch|ios|version)\b|\b(?:every (?:other |single )?(?:time|day|morning|night|week|hour|few (?:minutes|seconds|hours|days))|every \d+ (?:minutes|seconds|hours|mins)|constantly|all the time|non-?stop|over and over)\b/ },
  { family: 'service-failure', weight: 0.5, re: /\b(?:suffer\w*|struggl\w*|cumbersome|clunky|confusing|sneaky|misleading|grinding|rattl\w*|squeak\w*|leak(?:s|ing)|nowhere to be|nowhere|embarrassing|disgusting|dangerous|dis+ap+oint\w*|dis+apoint\w*|gutted|worse|worst)\b/ },
  { family: 'service-failure', weight: 1, re: /(?:^|\s)#(?:\w*fail\w*|\w*sucks?|\w*killer|fml|\w*headaches?|\w*rage|\w*nightmare|\w*disaster|\w*fiasco|boycott\w*)\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:(?:you|u|it|this|that|they|your \w+) (?:suck|sucks|stink|stinks|blow|blows)|hate (?:your|this|the new|you|u|it)|(?:is|was|are) (?:a )?(?:rubbish|garbage|trash|crap|junk|a joke|a disgrace|a scam|a shambles))\b/ },

  { family: 'waiting', weight: 1, re: /\b(?:line|lines|queue|queues|wait|waits|waiting times?|hold times?)\b(?:[^.!?]{0,30}?\b(?:is|was|are|were|'s))? (?:too|so|really|very|ridiculously|insanely|crazy|absurdly|still) long\b/ },
  { family: 'service-failure', weight: 1, re: /\b(?:design flaw|flaw(?:ed|s)?|defect(?:s)?)\b/ },
  { family: 'service-failure', weight: 0.5, re: /\b(?:headaches?|fiddly|overpriced|over-priced)\b/ },

  // Waiting: a duration attached to waiting, holding, queuing or lateness.
  { family: 'waiting', weight: 1, re: new RegExp(String.raw`\b(?:on hold|hold|waiting|waited|wait|queue|queued|queuing|delay|delayed|late|stuck|holding|trying|tried|calling|chasing|stranded|sat|sitting|standing)\b[^.!?]{0,40}?\b${DURATION}\b`) },
  { family: 'waiting', weight: 1, re: new RegExp(String.raw`\b${DURATION}\s*(?:\w+\s)?(?:late|delay|delayed|wait|waiting|on hold|in (?:a |the )?queue|later and|and (?:still|no|counting)|now|already|of (?:waiting|calls|emails|chasing|trying))\b`) },
  { family: 'waiting', weight: 1, re: new RegExp(String.raw`\b(?:for|over|almost|nearly|more than)\s+${DURATION}\s+(?:now|already|and counting)\b`) },

  { family: 'waiting', weight: 1, re: new RegExp(String.raw`\b(?:takes?|took|taking)\s+(?:over |almost |nearly |more than |like )?${NUM}\s+(?:hours?|hrs?|days?|weeks?|months?)\s+(?:to|for)\b`) },
  { family: 'frequency', weight: 0.5, re: /\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten) times (?:today|a day|this (?:week|morning|month)|in (?:a row|an hour|one day))\b/ },

  // "Ordered at 7, it's now 8:40": a promised time set against the time now.
  { family: 'waiting', weight: 1, re: /\b(?:ordered|booked|called|meant to (?:arrive|be here|come)|due|promised|expected|supposed to (?:arrive|be here|come))\b[^.!?]{0,30}\b(?:at|by|between|for|before)\s+\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)?\b.{0,40}\b(?:it'?s|it is|now)\s+(?:now\s+)?\d{1,2}[:.]\d\d/ },

  // Repeated contact: asking again and again is a complaint however politely put.
  { family: 'repeated-contact', weight: 1, re: new RegExp(String.raw`\b${CONTACT}\b[^.!?]{0,40}\b(?:\d+(?:\s*-\s*\d+)?|two|three|four|five|six|several|multiple|numerous|many|countless|so many) times\b|\b(?:\d+|three|four|five|six|several|multiple|numerous) (?:calls|emails|attempts|messages|complaints|tweets)\b`) },

  // Sarcasm: thanks and praise wrapped around a failure.
  { family: 'sarcastic-thanks', weight: 1.5, re: /\bthanks? (?:you )?(?:for|4) (?:nothing|nada|zilch|wasting|ruining|ignoring|the (?:useless|non|lack))\b|\bthanks? (?:a lot|a bunch|a million|heaps|so much|again),? (?:for )?(?:nothing|useless|not|for ruining|for wasting)\b/ },
  { family: 'sarcastic-thanks', weight: 1.5, re: /\b(?:thanks?|thank you|thx|ty)(?: so much| a lot)?(?: @\w+)?,? (?:for|4) (?:almost |always |once again |again |nothing but |literally )?(?:ruin\w*|break\w*|broke|delet\w*|los(?:e|ing|t)|wast\w*|crash\w*|burn\w*|forc\w*|lock\w* me|kill\w*|ignor\w*|screw\w*|mess\w*|making (?:my )?life|making (?:it|this|things|everything) (?:harder|worse|complicated|difficult|impossible)|not\b|never\b|no\b|being (?:such )?(?:a |so )?(?:troll|useless|slow|rubbish|terrible)|the (?:headache|stress|hassle|trouble)|another|yet another|charging me|overcharging|taking my money)/ },
  { family: 'sarcastic-thanks', weight: 1, re: /(?:^|\s)#(?:not|sarcasm|notreally|thanksfornothing|justsaying)\b|\bsaid no one ever\b|\byeah,? right\b|(?:^|\s)\/s$/ },
  { family: 'sarcastic-praise', weight: 0.5, re: /\b(?:(?:oh|just|so|how|really) (?:great|perfect|wonderful|brilliant|fantastic|lovely|helpful|nice)|gotta love|got to love|(?:love|loving) (?:it )?(?:when|how)|thanks? (?:a lot|a bunch|a million|again)|good job|great job|well done|nice one|bravo|cheers for (?:that|nothing))\b/ },

  // Questions to the brand about a failure.
  { family: 'question-to-brand', weight: 1, re: /\b(?:how (?:much )?longer|how long (?:do|does|must|should|am|are|have) (?:i|we|you|customers|people) (?:have to |need to |got to )?(?:wait|be|keep|put up)|how long (?:until|till|is (?:this|it) going to|will (?:this|it) (?:take|be))|when (?:will|can|is|are|do|does) (?:i|we|my|our|this|it|the|you|your)\b[^?]{0,40}\b(?:be fixed|fixed|back up|back online|working again|arrive|arriving|delivered|refunded|my refund|sorted|resolved|restored|reply|respond|answer me|get (?:my|a|our) (?:refund|money|order))\b|is (?:anyone|anybody|someone|somebody) (?:there|listening|actually|reading|working on)|anyone else (?:having|getting|experiencing|seeing|got|with)|what(?:'s| is) (?:going on|happening|the problem|wrong) with (?:my|our|the app|your)|what happened to (?:my|our)|where(?:'s| is) my)\b|\bwhy (?:is|are|does|do|did|can't|cannot|won't|isn't|aren't|doesn't|don't|hasn't|haven't|has|have|was|were|would|should|am i|are you|do you|does it|the hell|on earth)\b[^?]{0,80}\b(?:my|our|i|we|me|us)\b[^?]{0,80}\?|\bwhy (?:the hell|on earth|tf)\b/ },
  // A why-question to the brand about nothing of the customer's is a question first ("why don't you make it in blue?").
  { family: 'question-to-brand', weight: 0.5, re: /\bwhy (?:is|are|does|do|did|can't|cannot|won't|isn't|aren't|doesn't|don't|hasn't|haven't|has|have|was|were|would|should)\b[^?]{0,80}\?|\bwhat(?:'s| is) (?:going on|happening|wrong) with\b|\bwhat happened to\b/ },
  { family: 'question-to-brand', weight: 0.5, re: /\b(?:can (?:someone|anyone|you) (?:help|call|explain|fix|sort)|please (?:help|fix|sort|explain|respond|reply|advise)|help!|need help|any (?:solution|help|ideas|update|news)|is there (?:a|an|any) (?:fix|solution|problem|issue|bug|outage)|is it just me)\b/ },

  // Joining someone else's complaint: "me too", "same here", "+1".
  { family: 'repeated-contact', weight: 0.5, re: /\b(?:me too|same here|same (?:issue|problem|thing happened)|happening to me too|i have the same|i'm having the same|having the same (?:issue|problem))\b|(?:^|\s)\+1\b/ },

  // Negation of a positive: "not happy", "no longer working".
  { family: 'negated', weight: 1, re: /\b(?:used to be (?:good|great|cool|better|reliable|the best|decent)|used to (?:b|be) cool|(?:not|no longer) (?:a )?fan\b|no longer (?:love|like|trust|recommend)|none too (?:happy|pleased|impressed))\b/ },
  { family: 'negated', weight: 1, re: /\b(?:not|isn't|wasn't|aren't|weren't|never|no longer|hardly|far from|not at all|not very|not so|not too|nowhere near)\s+(?:very |so |too |at all |remotely |particularly |really )?(?:happy|impressed|satisfied|pleased|acceptable|fixed|resolved|sorted|refunded|reliable|helpful|amused|fair|keen|worth it|normal|right|ok|okay)\b/ },
  { family: 'negated', weight: 0.5, re: /\b(?:not|isn't|wasn't|aren't|weren't|never|no longer)\s+(?:very |so |too |really )?(?:good|great|nice|fun|cool|fast|easy|worth)\b/ },

  // Demands and churn threats.
  { family: 'demand', weight: 1, re: /(?<!\b(?:should|will|would|could|can|might|may|to|'ll|helps?)\s)\b(?:fix (?:this|it|your|the|my|that)|sort (?:it|this|your|the|that)\b[^.!?]{0,25}\bout|sort it out|i want (?:a|my) (?:refund|money back)|(?:want|demand|need|expect) (?:a |my )?(?:refund|compensation|money back|an explanation|an apology)|give me my money back|where(?:'s| is) my (?:refund|money|order|package|parcel|delivery)|get (?:a )?refund|can i get (?:a |my )?refund)\b/ },
  { family: 'demand', weight: 1, re: /\b(?:do better|get (?:it|yourselves|yourself|your act|your shit) together|step (?:it|your game) up|sort (?:yourselves|yourself) out|fix (?:\w+ ){1,3}(?:please|pls|plz|asap|already|now)\b|(?:please|pls|plz) (?:just )?fix|don't (?:delete|remove|change|touch|charge|force|take away) (?:my|our|the)|stop (?:deleting|removing|changing|charging|forcing|sending|breaking|crashing))\b/ },
  { family: 'demand', weight: 0.5, re: /\b(?:please|pls|plz|can you|could you) (?:just )?(?:make (?:a |an |the )?(?:better|decent|proper|working)|make (?:a |an )?\w+ that|find a (?:solution|fix)|send (?:me )?my|give (?:me )?(?:my|back)|bring back|let (?:us|me|everyone))\b/ },
  { family: 'churn', weight: 1, re: /\b(?:switching to|switching (?:away|provider)|moving away from|porting my number|(?:delet|uninstall|remov)(?:ing|ed|e) (?:the|this|your|my)? ?(?:\w+ )?app|had enough|have had enough|taking my (?:business|money)|cancel+(?:ing|ed)? my (?:account|subscription|contract|membership|order|plan)|never (?:again|using|buying|flying|shopping|ordering|booking|recommend\w*)|will not be (?:using|buying|flying|shopping|ordering|returning)|won't be (?:using|buying|flying|shopping|ordering|returning|back)|last time i)\b/ },

  // Frustration markers VADER does not score: angry emoji, expletive abbreviations.
  { family: 'frustration', weight: 0.5, re: /[\u{1F621}\u{1F620}\u{1F92C}\u{1F624}\u{1F629}\u{1F62B}\u{1F612}\u{1F61E}\u{1F622}\u{1F62D}\u{1F44E}\u{1F4A9}\u{1F644}\u{1F611}\u{1F92F}\u{1F925}\u{2639}\u{1F641}\u{1F615}]/u },
  { family: 'frustration', weight: 1, re: /\b(?:f+u+c+k+(?:ing|in)? (?:you|u|off|this|that)|screw (?:you|u|this)|(?:you|u) suck)\b/ },
  { family: 'frustration', weight: 0.5, re: /\b(?:f+u+c+k+(?:ing|in|ed)?|f\*+(?:ck|king)|shit(?:ty)?|bullshit|bs|damn it|goddamn\w*)\b/ },
  { family: 'frustration', weight: 0.5, re: /\b(?:wtf|ffs|smh|fml|omfg|ugh+|grr+\w*|argh+|seriously\?|infuriating|pissed off|fuming)\b/ },

  // A support agent's voice, not a customer's: it cancels complaint words it quotes.
  { family: 'support-reply', weight: -1.5, re: /\b(?:sorry to hear|sorry for (?:the|any) (?:trouble|inconvenience|delay|wait|frustration|issue)|we apologi[sz]e|apologies for|please (?:dm|send us|follow us|reach out|contact us)|send us a (?:dm|direct message|private message)|dm us|we(?:'d| would) (?:like|love) to help|we(?:'re| are) (?:here|happy) to help|happy to help|we(?:'ll| will) (?:look|check|get|pass|investigate)|we(?:'re| are) sorry|sorry (?:that )?your|could you (?:try|please try|confirm|let us|send)|try (?:deleting|restarting|reinstalling|clearing|turning|resetting|updating|logging out)|this should (?:fix|help|resolve|sort))\b|\^\w{2,3}\b|[-–—]\w{1,3}$/ },
  { family: 'support-reply', weight: -1, re: /\s[-–—]\s?[a-z]{2,12}\.?$|^(?:@\w+\s+)+(?:hi|hello|hey)\s+(?!there\b)[a-z]+,/ },

  // Praise in negated complaint words: "no complaints", "without a hitch".
  { family: 'praise', weight: -1, re: /\b(?:no (?:complaints|problems|issues|fuss|hassle|drama|regrets)(?! (?:with|about|since|after|for|so far)?\s*(?:a|the|my|your|how|but)\b)|not (?:a single|one) (?:problem|issue|complaint)|(?:can't|cannot) complain|without (?:a hitch|any (?:issues|problems|fuss|hassle))|no (?:issues|problems) at all|not bad at all|problem (?:solved|fixed|sorted)|worth (?:it|every (?:minute|second|penny|cent)|the wait))\b/ },
];

/** Words just before a match that cancel it: "no problems", "never had an issue", "without delay". */
const NEGATOR = /\b(?:no|not|never|without|zero|nothing|n't|hardly|any|solved|fixed|resolved|sorted)\b\W*(?:\w+\W+){0,1}$/;
/** Rules with a built-in negation: a preceding negator must not cancel them. */
const SELF_NEGATED = new Set<SignalFamily>(['negated', 'churn', 'support-reply', 'praise', 'sarcastic-thanks', 'question-to-brand', 'demand', 'waiting', 'repeated-contact']);

/** Complaint signals found in a post: the first match of each rule, minus those negated just before. */
export function complaintSignals(text: string): Signal[] {
  const t = normalise(text);
  const found: Signal[] = [];
  const seen = new Set<string>();
  for (const rule of RULES) {
    const m = rule.re.exec(t);
    if (!m) continue;
    const phrase = m[0].trim();
    if (!SELF_NEGATED.has(rule.family) && rule.weight > 0 && isNegated(t, m.index, phrase)) continue;
    const name = `${rule.family}:${phrase.slice(0, 60)}`;
    if (seen.has(name)) continue;
    seen.add(name);
    found.push({ name, weight: rule.weight });
  }
  // Praise and frequency are complaint cues only around a failure: "every day" alone is not one.
  const failure = found.filter((s) => s.weight > 0 && !CONTEXTUAL.has(familyOf(s))).reduce((sum, s) => sum + s.weight, 0);
  return found.filter((s) => !CONTEXTUAL.has(familyOf(s)) || failure >= (familyOf(s) === 'sarcastic-praise' ? 1 : 0.5));
}

/** "Thanks for fixing the sourcekit crashes": a fix reported, not a failure. */
const FIXED = /\b(?:fix|fixed|fixes|fixing|solved|solves|solving|resolved|resolves|addressed|addresses|patched)\b\W*(?:[\w#'-]+\W+){0,3}$/;

function isNegated(t: string, index: number, phrase: string): boolean {
  // A phrase that starts with its own negation ("not working", "no response") is the complaint itself.
  if (/^(?:no|not|never|still|can'?t|cannot|couldn't|won't|didn't|doesn't|don't|isn't|hasn't|haven't|unable)\b/.test(phrase)) return false;
  const before = t.slice(Math.max(0, index - 40), index);
  return NEGATOR.test(before.slice(-30)) || FIXED.test(before);
}

const CONTEXTUAL = new Set<string>(['sarcastic-praise', 'frequency']);
const familyOf = (s: Signal): string => s.name.slice(0, s.name.indexOf(':'));

/** Summed weight of the signals; below zero counts as zero. */
export const complaintStrength = (signals: readonly Signal[]): number => Math.max(0, signedStrength(signals));

/** Summed weight including the negative (support voice, praise) ones. */
export const signedStrength = (signals: readonly Signal[]): number => signals.reduce((sum, s) => sum + s.weight, 0);

export const hasFamily = (signals: readonly Signal[], family: SignalFamily): boolean =>
  signals.some((s) => s.name.startsWith(`${family}:`));
