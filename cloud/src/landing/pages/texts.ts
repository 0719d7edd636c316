import type { LandingRubro } from "@mostrador/contracts/http/cloud-landing";

/** The pages' languages: es-AR by default, English through the switch (?lang=en). */
export type Lang = "es" | "en";

export const langOf = (value: unknown): Lang => (value === "en" ? "en" : "es");

export interface RubroTexts {
  /** <title> and the first heading. */
  title: string;
  headline: string;
  /** The meta description (and the social cards'). */
  description: string;
  points: readonly string[];
}

/** Each rubro page's words (the operator's marketing texts), in both languages. */
export const RUBRO_TEXTS: Record<LandingRubro, Record<Lang, RubroTexts>> = {
  almacen: {
    es: {
      title: "Mostrador para almacenes",
      headline: "Tu almacén cobra rápido, aunque se corte internet",
      description:
        "Caja con lector de códigos, stock al día y ventas desde el celular. Funciona sin conexión.",
      points: [
        "Cobrás con lector y balanza en segundos",
        "Stock y faltantes al día, con avisos",
        "Ventas de cada local desde el celular",
      ],
    },
    en: {
      title: "Mostrador for grocery stores",
      headline: "Your store keeps selling, even when the internet drops",
      description: "A till with barcode scanner, live stock and sales on your phone. Works offline.",
      points: [
        "Scan and weigh in seconds",
        "Stock and shortages up to date, with alerts",
        "Every store's sales on your phone",
      ],
    },
  },
  carniceria: {
    es: {
      title: "Mostrador para carnicerías",
      headline: "Balanza, etiquetas y cámara de frío bajo control",
      description: "Ventas por peso con etiqueta de balanza y alarma si la cámara de frío se calienta.",
      points: [
        "Etiquetas de balanza leídas en la caja",
        "Alarma por WhatsApp si sube la temperatura",
        "Cortes y márgenes por kilo",
      ],
    },
    en: {
      title: "Mostrador for butcher shops",
      headline: "Scale, labels and cold room under control",
      description: "Sales by weight with scale labels, and an alarm when the cold room warms up.",
      points: [
        "Scale labels read at the till",
        "WhatsApp alarm when the temperature rises",
        "Cuts and margins per kilo",
      ],
    },
  },
  panaderia: {
    es: {
      title: "Mostrador para panaderías",
      headline: "Del horno al mostrador, sin errores en la caja",
      description: "Productos por peso y por unidad, facturación y control de freezers.",
      points: [
        "Facturas y pan por peso o por docena",
        "Freezers con aviso de temperatura",
        "Lo que más se vende, hora por hora",
      ],
    },
    en: {
      title: "Mostrador for bakeries",
      headline: "From the oven to the counter, no mistakes at the till",
      description: "Products by weight and by unit, invoicing and freezer monitoring.",
      points: [
        "Pastries and bread by weight or by the dozen",
        "Freezers with temperature alerts",
        "Best sellers, hour by hour",
      ],
    },
  },
  ropa: {
    es: {
      title: "Mostrador para tiendas de ropa",
      headline: "Talles y colores en orden, en la tienda y online",
      description:
        "Variantes por talle y color, cambios con ticket y stock sincronizado con tu tienda online.",
      points: [
        "Variantes por talle y color",
        "Cambios y devoluciones en un paso",
        "Stock al día con Tiendanube y Mercado Libre",
      ],
    },
    en: {
      title: "Mostrador for clothing stores",
      headline: "Sizes and colours in order, in store and online",
      description:
        "Variants by size and colour, exchanges with a receipt and stock synced with your online store.",
      points: [
        "Variants by size and colour",
        "Exchanges and returns in one step",
        "Stock in sync with Tiendanube and Mercado Libre",
      ],
    },
  },
  bar: {
    es: {
      title: "Mostrador para bares",
      headline: "Mesas, comandas y tarjetas prepagas en un solo lugar",
      description: "Mesas y comandas, tarjetas prepagas para eventos y control de heladeras.",
      points: [
        "Mesas y comandas desde la caja",
        "Tarjetas prepagas para eventos",
        "Heladeras con alarma de puerta y temperatura",
      ],
    },
    en: {
      title: "Mostrador for bars",
      headline: "Tables, orders and prepaid cards in one place",
      description: "Tables and orders, prepaid cards for events and fridge monitoring.",
      points: [
        "Tables and orders from the till",
        "Prepaid cards for events",
        "Fridges with door and temperature alarms",
      ],
    },
  },
  centro_medico: {
    es: {
      title: "Mostrador para centros médicos",
      headline: "Turnos online, recordatorios y cobro de señas",
      description:
        "Agenda por profesional, reservas online, recordatorios por WhatsApp y señas con Mercado Pago.",
      points: [
        "Reservas online las 24 horas",
        "Recordatorios que bajan las ausencias",
        "Señas cobradas con Mercado Pago",
      ],
    },
    en: {
      title: "Mostrador for medical centres",
      headline: "Online bookings, reminders and deposits",
      description:
        "Agenda per professional, online booking, WhatsApp reminders and deposits through Mercado Pago.",
      points: [
        "Online booking around the clock",
        "Reminders that cut no-shows",
        "Deposits collected with Mercado Pago",
      ],
    },
  },
  riego: {
    es: {
      title: "Mostrador para riego",
      headline: "Riego automático con sensores y reglas simples",
      description: "Sensores de humedad, válvulas y reglas de riego, con alarmas en el celular.",
      points: [
        "Válvulas por horario o por humedad",
        "Alarmas si falla una bomba",
        "Historial de cada sensor",
      ],
    },
    en: {
      title: "Mostrador for irrigation",
      headline: "Automatic irrigation with sensors and simple rules",
      description: "Moisture sensors, valves and irrigation rules, with alarms on your phone.",
      points: ["Valves by schedule or by moisture", "Alarms when a pump fails", "History of every sensor"],
    },
  },
};

/** The words every page shares. */
export const WORDS = {
  es: {
    formTitle: "Contanos de tu negocio",
    name: "Tu nombre",
    business: "Nombre del comercio (opcional)",
    email: "Correo electrónico",
    phone: "WhatsApp",
    contactHint: "Dejanos al menos uno de los dos.",
    message: "Mensaje (opcional)",
    operatorConsent:
      "Acepto que Mostrador me contacte por correo o WhatsApp sobre este pedido y sus novedades. Puedo darme de baja cuando quiera.",
    storeConsent: (store: string) =>
      `Acepto que ${store} me contacte por correo o WhatsApp con respuestas y novedades. Puedo darme de baja cuando quiera.`,
    send: "Enviar",
    thanks: "¡Gracias! Recibimos tu mensaje y te vamos a contactar pronto.",
    emailConfirm: "Si dejaste tu correo, te mandamos un enlace para confirmarlo.",
    demo: "Probar la demo",
    demoHint:
      "Un negocio de ejemplo con datos reales de tu rubro, listo en segundos. Se borra a las 24 horas.",
    errorsTitle: "Revisá los datos marcados.",
    address: "Dirección",
    hours: "Horarios",
    book: "Reservar un turno",
    other: "English",
    rubros: "Rubros",
    notFound: "Esta página no existe.",
    tooMany: "Demasiados envíos desde tu conexión. Probá de nuevo en unos minutos.",
    demosFull: "Hay muchas demos en uso en este momento. Probá de nuevo en un rato.",
    demoReady: "Abriendo tu demo…",
    unavailable: "No pudimos recibir el formulario ahora. Probá de nuevo más tarde.",
    badLink: "Este enlace no es válido.",
  },
  en: {
    formTitle: "Tell us about your business",
    name: "Your name",
    business: "Business name (optional)",
    email: "Email",
    phone: "WhatsApp",
    contactHint: "Leave at least one of them.",
    message: "Message (optional)",
    operatorConsent:
      "I agree that Mostrador may contact me by email or WhatsApp about this request and its news. I can unsubscribe at any time.",
    storeConsent: (store: string) =>
      `I agree that ${store} may contact me by email or WhatsApp with answers and news. I can unsubscribe at any time.`,
    send: "Send",
    thanks: "Thank you! We got your message and will contact you soon.",
    emailConfirm: "If you left your email, we sent you a link to confirm it.",
    demo: "Try the demo",
    demoHint:
      "A sample business with realistic data for your trade, ready in seconds. Deleted after 24 hours.",
    errorsTitle: "Please check the marked fields.",
    address: "Address",
    hours: "Opening hours",
    book: "Book an appointment",
    other: "Español",
    rubros: "Trades",
    notFound: "This page does not exist.",
    tooMany: "Too many submissions from your connection. Try again in a few minutes.",
    demosFull: "Many demos are running right now. Please try again later.",
    demoReady: "Opening your demo…",
    unavailable: "We could not take the form right now. Please try again later.",
    badLink: "This link is not valid.",
  },
} as const;
