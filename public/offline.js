// The offline page in the language chosen in the app (localStorage `kizuki.locale`, see
// src/client/i18n/locales.ts). A static page cannot load the app's catalogs, so its three
// texts live here; all but Japanese are machine-drafted, not yet reviewed by a native speaker
// (docs/translation.md). tests/unit/i18n-catalogs.test.ts checks every language is present.
export const OFFLINE_TEXT = {
  ja: ['オフラインです', 'このページは電波がないと開けません。記録はアプリの中で続けられ、電波が戻ると自動で送信されます。', 'アプリに戻る'],
  'ja-x-easy': ['オフラインです', 'でんぱが ないので この ページは ひらけません。きろくは アプリの なかで つづけられます。でんぱが もどると じどうで おくります。', 'アプリに もどる'],
  en: ['You are offline', 'This page needs a signal to open. You can keep recording in the app; records are sent automatically when the signal returns.', 'Back to the app'],
  vi: ['Đang ngoại tuyến', 'Trang này cần có sóng để mở. Bạn vẫn có thể ghi chép trong ứng dụng; bản ghi sẽ tự động được gửi khi có sóng trở lại.', 'Quay lại ứng dụng'],
  id: ['Anda sedang luring', 'Halaman ini perlu sinyal untuk dibuka. Anda tetap bisa mencatat di aplikasi; catatan terkirim otomatis saat sinyal kembali.', 'Kembali ke aplikasi'],
  fil: ['Offline ka', 'Kailangan ng signal para mabuksan ang pahinang ito. Puwede kang magpatuloy sa pagtatala sa app; awtomatikong maipapadala ang mga tala kapag bumalik ang signal.', 'Bumalik sa app'],
  my: ['အော့ဖ်လိုင်း ဖြစ်နေသည်', 'ဤစာမျက်နှာကို ဖွင့်ရန် လိုင်းလိုအပ်သည်။ အက်ပ်ထဲတွင် ဆက်လက်မှတ်တမ်းတင်နိုင်ပြီး လိုင်းပြန်ရလျှင် အလိုအလျောက် ပို့ပေးမည်။', 'အက်ပ်သို့ ပြန်သွားရန်'],
  ne: ['तपाईं अफलाइन हुनुहुन्छ', 'यो पेज खोल्न सिग्नल चाहिन्छ। एपमा रेकर्ड गर्न जारी राख्न सक्नुहुन्छ; सिग्नल फर्केपछि रेकर्डहरू आफैँ पठाइन्छन्।', 'एपमा फर्कनुहोस्'],
};

if (typeof document !== 'undefined') {
  let locale = 'ja';
  try {
    locale = localStorage.getItem('kizuki.locale') ?? 'ja';
  } catch {
    // storage disabled: Japanese
  }
  const text = OFFLINE_TEXT[locale];
  if (text) {
    document.documentElement.lang = locale;
    document.title = `${text[0]} — 気づき`;
    document.querySelector('h1').textContent = text[0];
    document.querySelector('p').textContent = text[1];
    document.querySelector('a').textContent = text[2];
  }
}
