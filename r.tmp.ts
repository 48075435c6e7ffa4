import { assessRisks } from './lambdas/core/analysis/risks.ts';
for (const t of [
 'I got food poisoning from the chicken wrap', 'my charger caught fire overnight', 'We are talking to our lawyer about a class action',
 'There has been a data breach, my details are on a forum', 'unauthorised charge on my card from your app', 'the security guard was openly racist to my son',
 'this update is killing my battery', 'the new phone is fire 🔥', 'no data breach here, just a slow site', 'my phone died at lunch',
 'this price is murder', "I'm dying to try it", 'the new menu is killing it', 'How to avoid food poisoning this summer', 'Typo Launches New Keyboard, Avoiding Previous BlackBerry Lawsuit',
 'Chickens are injured and suffer in their farms', 'my dog was injured by your toy', 'stop harassing me with emails', 'New iPad details leaked', 'Sue at the front desk was lovely',
 "I'll sue you if this isn't fixed", 'thanks 4 almost burning my house down', 'I wrapped my charger and it began smoking', 'Great talk on preventing data breaches',
 'Apple sued over iPod DRM',
]) console.log(t.padEnd(60), JSON.stringify(assessRisks(t)));
